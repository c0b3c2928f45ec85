"""Child process for the crash test: makes edits and acknowledges each one once it returned.

Usage: python crash_child.py DB MEETING_ID BLOCK_ID
Prints "ack N" after edit N is committed; the parent kills it with SIGKILL at some point.
"""

from __future__ import annotations

import sys

from euromed_desktop.store import minutes, participants
from euromed_desktop.store.store import Store


def main() -> None:
    db, meeting_id, block_id = sys.argv[1:4]
    store = Store(db)
    n = 0
    while True:
        if n % 5 == 4:
            participants.add(
                store, meeting_id, family_name=f"Person {n}", email=f"p{n}@example.org"
            )
        else:
            minutes.insert_text_at(store, meeting_id, block_id, 0, f"<{n}>")
        sys.stdout.write(f"ack {n}\n")
        sys.stdout.flush()
        n += 1


if __name__ == "__main__":
    main()
