"""Running the lifecircle program for an algorithm: its progress on stderr
("stage: 0...10...20 ... 100 - done in 1.2 s.") becomes Processing progress,
its warnings and messages the log, Cancel stops it, and a failure becomes a
QgsProcessingException carrying the program's own message and exit code."""

import json
import os
import re
import shutil
import subprocess
import threading
import time

from qgis.core import QgsProcessingException

TICKS_PER_STAGE = 41  # "0", three dots, "10", ... "100": the program's GDAL-style ticks
EXIT_FINDINGS = 8  # a check that found problems: its results are written (docs/exit-codes.md)


def find_program():
    """The program named by LIFECIRCLE_PROGRAM, else lifecircle on PATH; None when neither."""
    named = os.environ.get("LIFECIRCLE_PROGRAM")
    if named:
        return named if os.access(named, os.X_OK) else None
    return shutil.which("lifecircle")


class ProgressReader:
    """Turns the program's stderr, as it arrives, into feedback: a stage's ticks into percent."""

    def __init__(self, feedback):
        self.feedback = feedback
        self.line = ""
        self.lines = []
        self.stage = None

    def feed(self, text):
        for character in text:
            if character == "\n":
                self._finish_line()
            else:
                self.line += character
                self._report_ticks()

    def close(self):
        if self.line:
            self._finish_line()

    def _report_ticks(self):
        stage, separator, ticks = self.line.partition(": ")
        if not separator or stage.startswith("lifecircle"):
            return
        count = ticks.count(".") + len(re.findall(r"\d+", ticks.split(" - ")[0]))
        if stage != self.stage:
            self.stage = stage
            self.feedback.setProgressText(stage)
        self.feedback.setProgress(min(100.0, 100.0 * count / TICKS_PER_STAGE))

    def _finish_line(self):
        line, self.line = self.line, ""
        self.lines.append(line)
        if line.startswith("lifecircle: warning: "):
            self.feedback.pushWarning(line[len("lifecircle: warning: "):])
        elif line.startswith("lifecircle: "):
            self.feedback.reportError(line[len("lifecircle: "):], fatalError=False)
        else:
            self.feedback.pushInfo(line)


def run_program(arguments, feedback):
    """Runs lifecircle with `arguments`; returns its exit code (0, or 8 for a check with findings)."""
    program = find_program()
    if program is None:
        raise QgsProcessingException(
            "找不到 lifecircle 程序 / the lifecircle program was not found: put it on PATH or set LIFECIRCLE_PROGRAM")
    command = [program, *map(str, arguments)]
    feedback.pushCommandInfo(" ".join(f'"{part}"' if " " in part else part for part in command))
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    reader = ProgressReader(feedback)
    chunks = []

    def drain():
        while True:
            chunk = process.stderr.read1(4096)
            if not chunk:
                return
            chunks.append(chunk)

    draining = threading.Thread(target=drain, daemon=True)
    draining.start()
    pending = b""
    while True:
        stopped = process.poll() is not None
        while chunks:
            pending += chunks.pop(0)
        text, pending = _decoded_prefix(pending)
        reader.feed(text)
        if stopped and not draining.is_alive() and not chunks:
            break
        if feedback.isCanceled() and not stopped:
            # The program writes into a staging folder and swaps it in at the end, so a
            # run stopped here leaves the output folder as it was.
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        time.sleep(0.05)
    process.stderr.close()
    reader.feed(pending.decode("utf-8", errors="replace"))
    reader.close()
    if feedback.isCanceled():
        raise QgsProcessingException("已取消 / cancelled")
    code = process.returncode
    if code not in (0, EXIT_FINDINGS):
        errors = [line[len("lifecircle: "):] for line in reader.lines if line.startswith("lifecircle: ")
                  and not line.startswith("lifecircle: warning: ")]
        message = errors[-1] if errors else "\n".join(reader.lines[-5:])
        raise QgsProcessingException(f"lifecircle 退出码 / exit code {code}: {message}")
    return code


def _decoded_prefix(data):
    """The longest prefix of `data` that is whole UTF-8 characters, decoded, and the rest."""
    for cut in range(len(data), max(-1, len(data) - 4), -1):
        try:
            return data[:cut].decode("utf-8"), data[cut:]
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace"), b""


def read_summary(directory):
    with open(os.path.join(directory, "summary.json"), encoding="utf-8") as file:
        return json.load(file)
