"""The WSGI entry point for gunicorn: `gunicorn forms_service.wsgi:app`."""
from . import create_app

app = create_app()
