"""A headless Chromium driven over the DevTools protocol on a pipe (--remote-debugging-pipe:
commands in on fd 3, replies out on fd 4, JSON messages ended by NUL): enough to load a page,
type into it, click, wait for the next page, read the DOM and take screenshots, with no
package beyond the standard library. Every wait is bounded by a deadline; nothing sleeps.

    with Browser(CHROMIUM, tmp_path) as b:
        b.goto("http://127.0.0.1:8001/")
        b.evaluate("document.title")
"""
from __future__ import annotations

import base64
import json
import os
import select
import shutil
import subprocess
import time

CHROMIUM = next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))
                 if p), None)
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-extensions", "--hide-scrollbars", "--mute-audio"]


class BrowserError(RuntimeError):
    pass


class Browser:
    def __init__(self, chromium: str, profile_dir, width: int = 1200, height: int = 900,
                 timeout: float = 60.0):
        self.timeout = timeout
        cmd_r, self._cmd_w = os.pipe()
        self._out_r, out_w = os.pipe()

        def child_fds():  # the protocol's fds 3 (commands) and 4 (replies) in Chromium
            os.dup2(cmd_r, 3)
            os.dup2(out_w, 4)

        self.proc = subprocess.Popen(
            [chromium, *FLAGS, "--remote-debugging-pipe", f"--user-data-dir={profile_dir}",
             f"--window-size={width},{height}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=child_fds, pass_fds=(3, 4))
        os.close(cmd_r)
        os.close(out_w)
        self._buffer = b""
        self._next_id = 0
        self._events: list[dict] = []
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target,
                                 flatten=True)["sessionId"]
        self.call("Page.enable", session=True)
        self.call("Runtime.enable", session=True)
        self.call("Emulation.setDeviceMetricsOverride", session=True, width=width,
                  height=height, deviceScaleFactor=1, mobile=False)

    # -- the protocol ---------------------------------------------------------------------------
    def _send(self, message: dict) -> None:
        os.write(self._cmd_w, json.dumps(message).encode() + b"\0")

    def _read(self, deadline: float) -> dict:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise BrowserError("Chromium did not answer in time")
            ready, _, _ = select.select([self._out_r], [], [], left)
            if ready:
                chunk = os.read(self._out_r, 1 << 20)
                if not chunk:
                    raise BrowserError("Chromium closed the pipe")
                self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method: str, session: bool = False, **params):
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = self.session
        self._send(message)
        deadline = time.monotonic() + self.timeout
        while True:
            reply = self._read(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            if "method" in reply:
                self._events.append(reply)

    def wait_event(self, method: str) -> dict:
        """The next event `method` of the page (events already received count)."""
        deadline = time.monotonic() + self.timeout
        while True:
            for i, event in enumerate(self._events):
                if event.get("method") == method:
                    return self._events.pop(i)
            message = self._read(deadline)
            if "method" in message:
                self._events.append(message)

    # -- what tests use ---------------------------------------------------------------------
    def evaluate(self, expression: str):
        result = self.call("Runtime.evaluate", session=True, expression=expression,
                           returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise BrowserError(f"{expression!r}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def goto(self, url: str) -> None:
        self._events = [e for e in self._events if e.get("method") != "Page.loadEventFired"]
        self.call("Page.navigate", session=True, url=url)
        self.wait_event("Page.loadEventFired")

    def then_wait_for_load(self, action: str) -> None:
        """Run `action` (JavaScript that navigates: a click, a form submitted), then wait
        for the next page's load event."""
        self._events = [e for e in self._events if e.get("method") != "Page.loadEventFired"]
        self.evaluate(action)
        self.wait_event("Page.loadEventFired")

    def type(self, selector: str, text: str) -> None:
        """Focus the element and type `text` as keyboard input."""
        self.evaluate(f"document.querySelector({json.dumps(selector)}).focus()")
        self.call("Input.insertText", session=True, text=text)

    def press_enter(self) -> None:
        self._events = [e for e in self._events if e.get("method") != "Page.loadEventFired"]
        for kind in ("keyDown", "keyUp"):
            self.call("Input.dispatchKeyEvent", session=True, type=kind, key="Enter",
                      code="Enter", windowsVirtualKeyCode=13, nativeVirtualKeyCode=13,
                      **({"text": "\r"} if kind == "keyDown" else {}))
        self.wait_event("Page.loadEventFired")

    def screenshot(self, path, clip: dict | None = None) -> None:
        """The page (`clip`: a box in page coordinates, scrolled into the viewport first:
        a capture beyond the viewport skips what content-visibility: auto has not laid out)."""
        params = {"format": "png", "captureBeyondViewport": clip is None}
        if clip:
            params["clip"] = {**clip, "scale": 1}
        data = self.call("Page.captureScreenshot", session=True, **params)["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))

    def close(self) -> None:
        try:
            self._send({"id": self._next_id + 1, "method": "Browser.close"})
        except OSError:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)
        for fd in (self._cmd_w, self._out_r):
            try:
                os.close(fd)
            except OSError:
                pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
