"""The calculator as a local web app (FastAPI on uvicorn): ``GET /`` the form, ``POST
/predict`` the answer or the refusal (HTTP 422, the message on the page).

The server writes only inside its work folder: each request gets its own temporary
folder under ``<workdir>/requests`` for the uploads and the clinical row, deleted when the
answer is sent; :func:`serve` also points Python's temporary files (the form parser's
spooled uploads, ``predict``'s extraction cache) to ``<workdir>/tmp``.
"""
# no "from __future__ import annotations": FastAPI reads the handler's annotation as a class
import shutil
import socket
import tempfile
from pathlib import Path

from axilla._optional import require
from axilla.errors import AxillaError, InputError
from axilla.serve.calculator import entry_fields, calculate
from axilla.serve.page import calculator_page, nomogram_figure
from axilla.serve import uploads
from axilla.study.bundle_export import load_models

UPLOAD_ROLES = ("image", "mask")
FORM_OVERHEAD = 2**20   # bytes of form fields and multipart headers beside the two files


def create_app(bundle, workdir, *, verify_key=None):
    """The FastAPI application for ``bundle``; it writes only under ``workdir``."""
    fastapi = require("fastapi", extra="serve")
    require("python_multipart", extra="serve")
    from fastapi import Request
    from fastapi.responses import HTMLResponse
    from starlette.concurrency import run_in_threadpool

    models = load_models(bundle, verify_key=verify_key)
    fields = entry_fields(models)
    study = models.content["study"]
    figure = nomogram_figure(models)
    requests_dir = Path(workdir) / "requests"
    requests_dir.mkdir(parents=True, exist_ok=True)
    app = fastapi.FastAPI(title=f"Axilla calculator: {study}", docs_url=None, redoc_url=None,
                          openapi_url=None)

    def page(entries, status=200, **shown):
        return HTMLResponse(calculator_page(study, fields, entries, figure=figure, **shown),
                            status_code=status)

    @app.get("/", response_class=HTMLResponse)
    def form():
        return page({})

    @app.post("/predict", response_class=HTMLResponse)
    async def predict(request: Request):
        length = int(request.headers.get("content-length") or 0)
        if length > len(UPLOAD_ROLES) * uploads.MAX_UPLOAD_BYTES + FORM_OVERHEAD:
            return page({}, 413, refusal=f"the upload is larger than the {uploads.upload_limit()}"
                                         " limit per file; crop or compress the image (.nii.gz)")
        received = await request.form(max_files=len(UPLOAD_ROLES), max_fields=len(fields) + 4)
        entries = {k: v for k, v in received.items() if isinstance(v, str)}
        files = {k: v for k, v in received.items()
                 if k in UPLOAD_ROLES and not isinstance(v, str) and v.filename}
        folder = Path(tempfile.mkdtemp(dir=requests_dir))
        try:
            saved = {role: uploads.save_upload(upload.file, upload.filename, role, folder)
                     for role, upload in files.items()}
            calc = await run_in_threadpool(calculate, bundle, models, entries, folder,
                                           image=saved.get("image"), mask=saved.get("mask"),
                                           verify_key=verify_key)
        except InputError as exc:
            return page(entries, 422, refusal=str(exc))
        except AxillaError as exc:
            return page(entries, 500, refusal=str(exc))
        finally:
            shutil.rmtree(folder, ignore_errors=True)
            await received.close()
        return page(entries, calc=calc)

    return app


def check_listen_address(host: str, port: int) -> None:
    """Refuse, before anything is loaded or announced, an address this computer cannot
    listen on: a port in use (another server, a calculator already running), a port
    outside 1-65535, a host name that is not one of this computer's addresses."""
    try:
        if not 1 <= port <= 65535:   # getaddrinfo would wrap 99999 to 34463
            raise OverflowError("a port is a number from 1 to 65535")
        family, kind, proto, _, address = socket.getaddrinfo(host, port,
                                                             type=socket.SOCK_STREAM)[0]
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
            probe.bind(address)
    except (OSError, OverflowError) as exc:
        raise InputError(f"cannot listen on {host}:{port} "
                         f"({getattr(exc, 'strerror', None) or exc})",
                         fix="choose another --port (1-65535, e.g. 8080) or stop the program "
                             "using this one; --host must be an address of this computer"
                         ) from None


def serve(bundle, workdir, *, host: str = "127.0.0.1", port: int = 8000,
          verify_key=None, announce=print) -> None:
    """Run the app on uvicorn until interrupted; every file it writes is under ``workdir``.
    ``announce`` gets the line saying where it listens, once the address and the bundle
    are known to be usable."""
    uvicorn = require("uvicorn", extra="serve")
    check_listen_address(host, port)
    workdir = Path(workdir).resolve()
    app = create_app(bundle, workdir, verify_key=verify_key)
    (workdir / "tmp").mkdir(parents=True, exist_ok=True)
    tempfile.tempdir = str(workdir / "tmp")
    announce(f"Axilla calculator on http://{host}:{port}/ (Ctrl-C stops it); "
             f"work folder {workdir}")
    uvicorn.run(app, host=host, port=port, log_level="warning")
