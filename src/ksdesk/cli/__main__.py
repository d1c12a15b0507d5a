from ksdesk.cli.main import app

app()
