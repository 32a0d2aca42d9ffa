"""Watching the site's source folders: watchdog events turned into debounced batches of paths.

Owns the file-system side of `itagen serve`. The watchdog thread only records
which paths changed (the watcher sets a flag, it never builds); the
rebuild loop takes them in batches. One save makes several events (`created`,
`modified`, `closed`, and `moved` for editors that write a temporary file and
rename it), so a batch is handed out only after the folders have been quiet for
`debounce` seconds (the events of one save come close together).
Which paths matter is decided by the caller (itagen/commands/incremental.py), which looks
at what is on disk at rebuild time rather than trusting event kinds.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

# Events that say nothing about content: a file was merely opened or read.
IGNORED_EVENTS = frozenset({"opened", "closed_no_write"})


@dataclass(frozen=True, slots=True)
class Change:
    """A path that an event named (both ends of a move are reported)."""

    path: Path
    is_dir: bool


class ChangeBatcher:
    """Collects changes from watchdog's thread and hands them out in debounced batches."""

    def __init__(self, debounce: float = 0.05, max_delay: float = 0.5) -> None:
        self.debounce = debounce
        self.max_delay = max_delay  # a steady stream of events must not postpone a rebuild forever
        self._pending: set[Change] = set()
        self._last = 0.0
        self._cond = threading.Condition()
        self._closed = False

    def add(self, changes: list[Change]) -> None:
        """Record changes (called from the watchdog thread)."""
        with self._cond:
            self._pending.update(changes)
            self._last = time.monotonic()
            self._cond.notify_all()

    def close(self) -> None:
        """Wake any waiting `take` so the rebuild loop can stop."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    def take(self) -> set[Change] | None:
        """Block until a batch is ready and quiet for `debounce` seconds; None once closed."""
        with self._cond:
            while not self._pending and not self._closed:
                self._cond.wait()
            first = time.monotonic()
            while not self._closed:
                now = time.monotonic()
                quiet_left = self._last + self.debounce - now
                cap_left = first + self.max_delay - now
                if quiet_left <= 0 or cap_left <= 0:
                    break
                self._cond.wait(min(quiet_left, cap_left))
            if self._closed:
                return None
            batch, self._pending = self._pending, set()
            return batch


class Watcher:
    """Watches folders with watchdog and feeds a ChangeBatcher; folders may come and go."""

    def __init__(self, batcher: ChangeBatcher, poll: bool = False) -> None:
        from watchdog.events import FileSystemEventHandler

        if poll:  # network shares and Docker mounts deliver no inotify events
            from watchdog.observers.polling import PollingObserver as observer_class
        else:
            from watchdog.observers import Observer as observer_class
        self.observer = observer_class()
        self._watches: dict[tuple[Path, bool], tuple[object, tuple[int, int]]] = {}
        batch = batcher

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event) -> None:
                if event.event_type in IGNORED_EVENTS:
                    return
                if event.is_directory and event.event_type == "modified":
                    # a folder's own timestamp; the events of the files inside carry the news
                    return
                paths = [event.src_path, getattr(event, "dest_path", "")]
                batch.add([Change(Path(os.fsdecode(p)), event.is_directory) for p in paths if p])

        self._handler = Handler()

    def start(self) -> None:
        """Start the observer thread."""
        self.observer.start()

    def update(self, roots: list[tuple[Path, bool]]) -> None:
        """Watch exactly these existing (folder, recursive)
        pairs; re-watch folders that were replaced.
        """
        wanted = {}
        for folder, recursive in roots:
            try:
                st = folder.stat()
            except OSError:
                continue
            wanted[(folder, recursive)] = (st.st_dev, st.st_ino)
        for key, (watch, ident) in list(self._watches.items()):
            if (
                wanted.get(key) != ident
            ):  # gone, or deleted and created again (its old watch is dead)
                try:
                    self.observer.unschedule(watch)
                except KeyError:
                    pass  # its emitter already stopped when the folder went away
                del self._watches[key]
        for key, ident in wanted.items():
            if key not in self._watches:
                watch = self.observer.schedule(self._handler, str(key[0]), recursive=key[1])
                self._watches[key] = (watch, ident)

    def stop(self) -> None:
        """Stop the observer thread and wait for it."""
        self.observer.stop()
        if self.observer.is_alive():
            self.observer.join(timeout=5)
