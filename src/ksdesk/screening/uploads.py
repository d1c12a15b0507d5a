"""How large the screening's uploads may be: a file of names to screen, a watchlist's files."""

from ksdesk.screening.bulk import MAX_UPLOAD_BYTES
from ksdesk.web.limits import MULTIPART_ALLOWANCE, Uploads

# A list of names to screen: one file.
SCREENING_UPLOAD_BYTES = MAX_UPLOAD_BYTES + MULTIPART_ALLOWANCE
# A watchlist: up to three files (OFAC publishes its lists as three CSV files).
MAX_LIST_FILES = 3
WATCHLIST_UPLOAD_BYTES = MAX_LIST_FILES * MAX_UPLOAD_BYTES + MULTIPART_ALLOWANCE

UPLOADS: Uploads = {
    ("POST", "/screening/bulk"): SCREENING_UPLOAD_BYTES,
    ("POST", "/api/v1/screen/jobs"): SCREENING_UPLOAD_BYTES,
    ("POST", "/screening/watchlists/upload"): WATCHLIST_UPLOAD_BYTES,
}
