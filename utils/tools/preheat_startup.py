"""Start-up file of a pre-heated app-mode kernel (Voila's `preheat_kernel`), run as $PYTHONSTARTUP.

utils.tools.app_server sets PYTHONSTARTUP to this file for the Voila server it starts. IPython runs
it when a kernel starts. In a kernel Voila starts for a page request (VOILA_PREHEAT is not "True")
it does nothing. In a kernel Voila starts ahead of time for its pool (VOILA_PREHEAT="True") it:

1. does before any request the work that depends on no student: imports the course package and
   pandas, matplotlib and ipywidgets, draws one throw-away chart (fonts loaded), and reads and
   checks every lesson file (cached per kernel);
2. lets Voila run the whole notebook before the request, against an answers store that has not
   yet been given to a student: until a request takes this kernel, the store's reading methods
   (utils.exercises.answers.AnswerStore.all and .get, through which alone the course reads the
   answers file) answer "nothing saved" without opening the file, and its writing methods (.put,
   .set_aside) write nothing (before the request there is no student whose work could be lost).
   Every page is ready, exercises empty, when the student comes;
3. waits, in a thread, for a student's request to take this kernel (voila.utils.wait_for_request,
   the way Voila's documentation gives to wait for request-time state). Then, on the kernel's own
   loop (between cells if the notebook is still running), it hands the store to the student and
   shows what the answers file holds at that moment in every exercise already on the page
   (utils.pages.lesson.show_saved_answers_everywhere: saved answers, the quick checks' option
   order, a warning about a damaged file). Exercises built after that read the file themselves.
   Voila sends the page at once; the widgets the browser then draws already hold the answers.

If the store's methods cannot be found (the course changed), the kernel instead holds the
notebook's first cell until the request, so nothing is ever shown from before it. Voila's own
set-up cell (it sets VOILA_KERNEL_ID, which wait_for_request needs) always runs first.

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

    def wait_until_taken() -> bool:
        """Block until a student's request takes this kernel (True), or end the kernel quietly
        when the server has gone away without one."""
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
                return True
            try:  # no request arrived: wait again while the server is there
                socket.create_connection(("127.0.0.1", port), timeout=2).close()
            except OSError:
                _ph_os._exit(0)
            time.sleep(1)

    try:
        from utils.exercises.answers import AnswerStore
        from utils.pages.lesson import show_saved_answers_everywhere
    except Exception:  # noqa: BLE001
        AnswerStore = show_saved_answers_everywhere = None
    methods = {"all": dict, "get": lambda: None, "put": lambda: None, "set_aside": str}
    found = {name: AnswerStore.__dict__.get(name) for name in methods} if AnswerStore is not None else {}
    taken = []  # set once a student's request has taken this kernel

    if show_saved_answers_everywhere is None or not all(callable(f) for f in found.values()) or not found:
        # not the store this file knows: hold the notebook's first cell until the request instead
        def hold_first_cell(*_args) -> None:
            if "VOILA_KERNEL_ID" in _ph_os.environ and not taken:
                taken.append(True)
                wait_until_taken()

        ip.events.register("pre_run_cell", hold_first_cell)
        return

    def before_request(original, nothing):
        def method(*args, **kwargs):
            if taken:
                return original(*args, **kwargs)
            return nothing()  # no student yet: nothing saved, nothing to save
        return method

    for name, nothing in methods.items():
        setattr(AnswerStore, name, before_request(found[name], nothing))

    def hand_over() -> None:
        """On the kernel's loop: the store is the student's from now on; show what it holds."""
        taken.append(True)
        try:
            show_saved_answers_everywhere()
        except Exception as exc:  # noqa: BLE001  (each exercise also reads the file when used)
            import sys

            # to the server's log: sys.stderr would print into the page's last cell
            print(f"[preheat] could not show the saved answers: {exc!r}", file=sys.__stderr__)

    def listen() -> None:
        if wait_until_taken():
            ip.kernel.io_loop.add_callback(hand_over)

    listening = []

    def start_listening(*_args) -> None:
        # Voila's own set-up cell sets VOILA_KERNEL_ID, which wait_for_request needs
        if "VOILA_KERNEL_ID" in _ph_os.environ and not listening:
            import threading

            listening.append(threading.Thread(target=listen, name="ph-wait-for-request", daemon=True))
            listening[0].start()

    ip.events.register("post_run_cell", start_listening)


if _ph_os.environ.get("VOILA_PREHEAT") == "True":
    _ph_preheat()
del _ph_preheat
