from hypothesis import given
from hypothesis import strategies as st

from euromed_desktop.domain.ordering import key_at, key_between, keys_for


def test_fresh_keys_are_short_and_increasing() -> None:
    keys = keys_for(5000)
    assert keys == sorted(keys)
    assert len(set(keys)) == 5000
    assert max(len(k) for k in keys) <= 4


@given(st.lists(st.integers(min_value=0, max_value=10_000), max_size=300))
def test_inserting_anywhere_keeps_order(positions: list[int]) -> None:
    keys: list[str] = []
    for position in positions:
        index = position % (len(keys) + 1)
        key = key_at(keys, index)
        keys.insert(index, key)
        assert keys == sorted(keys)
        assert len(set(keys)) == len(keys)


def test_prepending_many_times_stays_short() -> None:
    keys: list[str] = []
    for _ in range(1000):
        keys.insert(0, key_at(keys, 0))
    assert keys == sorted(keys)
    assert max(len(k) for k in keys) <= 4


def test_tied_keys_from_concurrent_inserts_are_skipped() -> None:
    # Two laptops appended at the same moment and chose the same key.
    keys = ["a0", "a1", "a1", "a2"]
    key = key_at(keys, 2)
    assert "a1" < key < "a2"


def test_between_rejects_reversed_neighbours() -> None:
    import pytest

    with pytest.raises(ValueError):
        key_between("b", "a")
