"""Start-up file of a pre-heated app-mode kernel (Voila's `preheat_kernel`), run as $PYTHONSTARTUP.

utils.tools.app_server sets PYTHONSTARTUP to this file for the Voila server it starts. IPython runs
it when a kernel starts. In a kernel Voila starts for a page request (VOILA_PREHEAT is not "True")
it does nothing. In a kernel Voila starts ahead of time for its pool (VOILA_PREHEAT="True") it:

1. does before any request the work that depends on no student: imports the course package and
   pandas, matplotlib and ipywidgets, draws one throw-away chart (fonts loaded), and reads and
   checks every lesson file (cached per kernel); nothing here reads or writes answers;
2. lets Voila run the notebook ahead of time only up to the first moment anything touches the
   student's answers: every reading and writing method of the answers store
   (utils.exercises.answers.AnswerStore, through which alone the course reads and writes the
   answers file) first waits until a student's request has taken this kernel
   (voila.utils.wait_for_request, the way Voila's documentation gives to wait for request-time
   state), then does its work. Headings, passages and charts are ready before the student comes;
   every answer on the page is read after the request, from the answers file at that moment, in
   the kernel's own working folder (the notebook's folder in that student's copy of the course).

If the store's methods cannot be found (the course changed), the hold falls back to the notebook's
first cell, so nothing is ever shown from before the request. Voila's own set-up cell (it sets
VOILA_KERNEL_ID, which wait_for_request needs) always runs first.

Plain Python, no package-relative imports: IPython executes the file by path.
"""
import os as _ph_os


def _ph_preheat() -> None:
    import time

    started = time.perf_counter()
    import ipywidgets  # noqa: F401
    import matplotlib  # noqa: F401
    import matplotlib.pyplot  # noqa: F401
    import pandas  # noqa: F401

    import utils

    import io

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(2, 1))  # load the fonts and the PNG writer once (pyplot untouched)
    FigureCanvasAgg(figure)
    figure.add_subplot().bar([1929, 1930], [1, 2])
    figure.savefig(io.BytesIO(), format="png")

    from pathlib import Path

    # every lesson's content, read and checked once (cached per kernel); a broken file is left
    # for the notebook to report with its clear message
    try:
        cwd = Path.cwd()
        root = (Path(_ph_os.environ["PH_COURSE_ROOT"]) if _ph_os.environ.get("PH_COURSE_ROOT") else
                next((f for f in [cwd, *cwd.parents] if (f / "lessons" / "course.yaml").is_file()), None))
        files = sorted((root / "lessons").glob("[0-9][0-9]-*.yaml")) if root else []
    except OSError:
        files = []
    for file in files:
        try:
            utils.lesson(file.stem)
        except Exception:  # noqa: BLE001
            pass
    _ph_os.environ["PH_PREHEAT_SECONDS"] = f"{time.perf_counter() - started:.2f}"

    ip = get_ipython()  # noqa: F821  (IPython defines it for start-up files)

    held = []  # the hold happens once per kernel

    def hold_until_request(*_args) -> None:
        if "VOILA_KERNEL_ID" not in _ph_os.environ or held:  # Voila's own set-up cell: let it run
            return
        held.append(True)
        import socket
        import warnings

        from voila.utils import wait_for_request

        port = int(_ph_os.environ.get("VOILA_APP_PORT") or 8866)
        while True:
            _ph_os.environ.pop("SCRIPT_NAME", None)  # set again from the request's own details
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                try:
                    wait_for_request()
                except Exception:  # noqa: BLE001  (the server went away mid-wait: checked below)
                    pass
            if _ph_os.environ.get("SCRIPT_NAME"):
                return  # a student's request took this kernel: now run the notebook
            # No request arrived. Never run the notebook without one (it would show answers read
            # before the student came): wait again while the server is there, else end quietly.
            try:
                socket.create_connection(("127.0.0.1", port), timeout=2).close()
            except OSError:
                _ph_os._exit(0)
            time.sleep(1)

    # every reading or writing method of the answers store waits for the request first (once)
    try:
        from utils.exercises.answers import AnswerStore
    except Exception:  # noqa: BLE001
        AnswerStore = None
    originals = {}

    def waiting(original):
        def method(*args, **kwargs):
            if "VOILA_KERNEL_ID" in _ph_os.environ and not held:
                hold_until_request()
            return original(*args, **kwargs)
        return method

    for name in ("_read", "_load", "_read_backup", "_write", "all", "get", "put", "set_aside"):
        found = AnswerStore.__dict__.get(name) if AnswerStore is not None else None
        if isinstance(found, staticmethod):
            originals[name] = found
            setattr(AnswerStore, name, staticmethod(waiting(found.__func__)))
        elif callable(found):
            originals[name] = found
            setattr(AnswerStore, name, waiting(found))
    if not {"_read", "all", "get"} <= set(originals):
        # not the store this file knows: hold the notebook's first cell instead
        for name, found in originals.items():
            setattr(AnswerStore, name, found)
        ip.events.register("pre_run_cell", hold_until_request)


if _ph_os.environ.get("VOILA_PREHEAT") == "True":
    _ph_preheat()
del _ph_preheat
