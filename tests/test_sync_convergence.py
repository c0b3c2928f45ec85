"""Convergence (hypothesis): 3 to 5 laptops edit one meeting at once — typing in the same
blocks, deleting blocks others edit, reordering, renaming — and exchange bundles (full, delta,
receipts) in random order, with duplicates and stale files. Once everyone has everyone's
latest bundle, every laptop's tables are identical, and every character anyone typed is there
unless someone deleted it (or the block holding it)."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from euromed_desktop.store import agenda, meetings, minutes, participants, projection, queries
from euromed_desktop.store.store import Store
from euromed_desktop.sync import (
    BundleError,
    export_sync,
    import_bundle,
    peers,
    read_receipt,
    write_receipt,
)
from euromed_desktop.sync.device import DeviceKey, rename
from tests.test_properties import NAMES, WORDS

KINDS = ["type", "type", "type", "erase", "add", "delete", "move", "title", "org", "export",
         "export", "delta", "delta", "receipt", "answer", "import", "import", "import",
         "import"]  # fmt: skip
STEP = st.tuples(
    st.sampled_from(KINDS),
    st.integers(0, 4),  # replica
    st.integers(0, 10**6),  # which block / bundle / peer
    st.integers(0, 60),  # where in the text / index
    st.integers(1, 6),  # how many characters
    st.one_of(WORDS, NAMES),  # a title or an organisation
)


@dataclass
class Replica:
    store: Store
    key: DeviceKey


@dataclass
class World:
    folder: Path
    replicas: list[Replica]
    meeting_id: str
    items: list[str]
    person: str
    next_char: int = 0xE000  # each typed character is unique (private use area)
    typed: dict[str, set[str]] = field(default_factory=dict)  # block → characters typed in it
    erased: set[str] = field(default_factory=set)  # characters someone deleted
    deleted_blocks: set[str] = field(default_factory=set)
    pool: list[Path] = field(default_factory=list)  # every bundle ever written

    def fresh(self, count: int) -> str:
        text = "".join(chr(self.next_char + n) for n in range(count))
        self.next_char += count
        return text

    def texts(self, replica: Replica) -> dict[str, str]:
        return {b.id: b.text for b in queries.blocks(replica.store, self.meeting_id)}

    def write(self, replica: Replica, **options: object) -> None:
        path = self.folder / f"b{len(self.pool)}.euromed"
        export_sync(replica.store, path, [self.meeting_id], key=replica.key, **options)  # type: ignore[arg-type]
        self.pool.append(path)


def make_world(count: int) -> World:
    folder = Path(tempfile.mkdtemp())
    replicas = [
        Replica(Store(folder / f"r{n}.sqlite"), rename(f"Laptop {n}", f"R{n}", folder / f"k{n}"))
        for n in range(count)
    ]
    first = replicas[0].store
    meeting = meetings.create(
        first, title="Convergence", start=date(2026, 3, 10), end=date(2026, 3, 11), country="MA"
    )
    items = [agenda.add(first, meeting.id, title=f"Item {n}").id for n in range(2)]
    person = participants.add(first, meeting.id, family_name="Benali").id
    world = World(folder, replicas, meeting.id, items, person)
    for n in range(2):
        text = world.fresh(8)
        block = minutes.add_block(first, meeting.id, items[n], text=text)
        world.typed[block.id] = set(text)
    world.write(replicas[0])
    for replica in replicas[1:]:
        import_bundle(replica.store, world.pool[0], key=replica.key)
    return world


def run_step(world: World, step: tuple[str, int, int, int, int, str]) -> None:
    kind, which, pick, where, count, words = step
    replica = world.replicas[which % len(world.replicas)]
    store, mid = replica.store, world.meeting_id
    texts = world.texts(replica)
    block = sorted(texts)[pick % len(texts)] if texts else None
    if kind == "type" and block is not None:
        text = world.fresh(count)
        minutes.insert_text_at(store, mid, block, where % (len(texts[block]) + 1), text)
        world.typed[block].update(text)
    elif kind == "erase" and block is not None and texts[block]:
        index = where % len(texts[block])
        length = min(count, len(texts[block]) - index)
        world.erased.update(texts[block][index : index + length])
        minutes.delete_text_at(store, mid, block, index, length)
    elif kind == "add":
        text = world.fresh(count)
        added = minutes.add_block(store, mid, world.items[pick % 2], text=text, index=where % 4)
        world.typed[added.id] = set(text)
    elif kind == "delete" and block is not None:
        minutes.delete_block(store, mid, block)
        world.deleted_blocks.add(block)
    elif kind == "move" and block is not None:
        target = world.items[where % 2]
        minutes.move_block(store, mid, block, item_id=target, index=pick % 4)
    elif kind == "title" and words.strip():
        meetings.update(store, mid, title=words.strip())
    elif kind == "org":
        participants.update(store, mid, world.person, organisation=words)
    elif kind == "export":
        world.write(replica)
    elif kind == "delta":  # only what a peer lacked when this laptop last heard from it
        known = peers.devices(store.conn)
        if known:
            world.write(replica, for_device=known[pick % len(known)].id)
        else:
            world.write(replica)
    elif kind == "receipt":
        path = world.folder / f"r{len(world.pool)}.euromed"
        write_receipt(store, path, key=replica.key)
        world.pool.append(path)
    elif kind == "answer":  # only what the writer of some receipt lacks
        receipts = [p for p in world.pool if p.name.startswith("r")]
        if receipts:
            world.write(replica, since=read_receipt(receipts[pick % len(receipts)]))
    elif kind == "import" and world.pool:
        try:
            import_bundle(store, world.pool[pick % len(world.pool)], key=replica.key)
        except BundleError as error:  # a delta whose base this laptop lacks
            assert "full bundle" in str(error)


def settle(world: World) -> None:
    """Everyone writes a full bundle; everyone imports them all (in reverse, for variety)."""
    finals = []
    for replica in world.replicas:
        world.write(replica)
        finals.append(world.pool[-1])
    for replica in world.replicas:
        for path in reversed(finals):
            import_bundle(replica.store, path, key=replica.key)


@settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(count=st.integers(3, 5), steps=st.lists(STEP, min_size=5, max_size=40))
def test_replicas_converge_and_keep_every_character(
    count: int, steps: list[tuple[str, int, int, int, int, str]]
) -> None:
    world = make_world(count)
    try:
        for step in steps:
            run_step(world, step)
        settle(world)
        tables = [projection.stored(r.store.conn, world.meeting_id) for r in world.replicas]
        assert all(t == tables[0] for t in tables[1:])
        for replica in world.replicas:
            assert replica.store.check().healthy
        final = world.texts(world.replicas[0])
        assert set(final) == set(world.typed) - world.deleted_blocks
        for block, text in final.items():
            assert set(text) == world.typed[block] - world.erased, block
            assert len(set(text)) == len(text)  # nothing duplicated by the merge
        # Importing any old bundle again now changes nothing anywhere.
        for replica in world.replicas:
            for path in world.pool[-3:]:
                assert not import_bundle(replica.store, path, key=replica.key).changed
    finally:
        for replica in world.replicas:
            replica.store.close()
        shutil.rmtree(world.folder, ignore_errors=True)


def test_two_laptops_starting_the_same_translation_keep_both_texts(tmp_path: Path) -> None:
    """Each block has its texts for the other working languages from the start, so two
    rapporteurs translating the same block at the same time type into one text that merges."""
    from datetime import date

    from euromed_desktop.store import agenda, meetings, minutes, queries
    from euromed_desktop.store.store import Store
    from euromed_desktop.sync import export_sync, import_bundle, load_or_create

    key = load_or_create(tmp_path / "keys")
    amina, bruno = Store(tmp_path / "amina.sqlite"), Store(tmp_path / "bruno.sqlite")
    meeting = meetings.create(
        amina,
        title="Dialogue",
        start=date(2026, 3, 10),
        end=date(2026, 3, 10),
        country="TN",
        languages=["en", "fr", "ar"],
    )
    item = agenda.add(amina, meeting.id, title="Opening")
    block = minutes.add_block(amina, meeting.id, item.id, text="Welcome", lang="en")
    assert block.translations == {}
    export_sync(amina, tmp_path / "first.euromed", [meeting.id], key=key)
    import_bundle(bruno, tmp_path / "first.euromed", key=key)
    minutes.set_translation(amina, meeting.id, block.id, "fr", "Bienvenue")
    minutes.set_translation(bruno, meeting.id, block.id, "fr", "Soyez les bienvenus")
    export_sync(amina, tmp_path / "a.euromed", [meeting.id], key=key)
    export_sync(bruno, tmp_path / "b.euromed", [meeting.id], key=key)
    import_bundle(amina, tmp_path / "b.euromed", key=key)
    import_bundle(bruno, tmp_path / "a.euromed", key=key)
    merged = [
        next(b for b in queries.blocks(s, meeting.id) if b.id == block.id).translations["fr"]
        for s in (amina, bruno)
    ]
    assert merged[0] == merged[1]
    assert "Bienvenue" in merged[0] and "Soyez les bienvenus" in merged[0]
    amina.close()
    bruno.close()
