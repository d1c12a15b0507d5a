"""The desk: questions to the Knowledge Security Desk, their deadlines, replies and knowledge base.

Every function takes an explicit SQLAlchemy session and (except the public ones) the acting
Principal; the caller commits. E-mails are written to the outbox in the same transaction and
sent by a job after the commit. Out-of-scope questions raise NotFound.

Public (no account)
    service.submit_question(session, form, client_address=ip)   the contact form; returns Question
    ratelimit.honeypot_tripped(form)                            check before submitting
    knowledge.list_faq / get_faq / search_faq                   the public knowledge base

Askers (researchers, advisors: their own questions only)
    service.submit_question(session, form, principal=p)
    service.list_my_questions / get_my_question(reference)      AskerQuestionRead, public replies only
    service.add_asker_message(session, p, reference, body)

Desk officers
    queue.list_queue(filters) -> (QueueItem[], total); queue.queue_counts
    service.question_detail / get_question / get_question_by_reference
    service.assign, transition(action), pause_for_asker, resume
    messages.add_reply, add_internal_note, list_templates, save_template, render_template
    coordination.request_coordination, withdraw
    mail.list_outbox, resend_failed
    knowledge.publish_faq, withdraw_faq, search_desk, similar_answers

Ministry liaisons (only questions on which their ministry is consulted)
    coordination.list_for_liaison, get_for_liaison, record_advice

Administrators: deadlines.add_closure_day, remove_closure_day, list_closure_days
Analysts, desk, admins: figures.monthly_figures

Background jobs: mail.send_outbox_mail and the periodic ones in ksdesk.desk.tasks (see ksdesk.worker).
"""
