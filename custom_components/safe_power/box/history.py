"""A box's recent readings as the diagnosis and the trends read them, packed, and as stored.

Only the values the diagnosis rules (`diagnosis`) and the early-warning trends (`trend`) read
are kept: `HISTORY_KEYS`. Keeping whole readings (a reference box reports 23 measurements)
took 1.5 kB a sample, 2.7 MB a box after a week; 1,500 boxes: 4 GB of Home Assistant's memory.

A sample is packed as the time (µs since the epoch, 8 bytes) and each key's value in
thousandths (a 4-byte integer): 56 bytes. A thousandth is finer than any detector's resolution
(0.1 V, 0.01 A, 1 mA, 0.1 °C) and is what the stored history has always kept (`samples_out`
rounds to 3 decimals), so a sample reads the same before and after a restart. Doubles took 104
bytes a sample: 206 kB a box once its week and its 3 hours of fine samples are full, against
111 kB now (tracemalloc, with the arrays' slack).
"""

from __future__ import annotations

from array import array
from collections.abc import ItemsView, Iterable, Iterator, Mapping
from datetime import UTC, datetime, timedelta
import math
from types import MappingProxyType
from typing import Any, Final

from .trend import CABLES, LEAKAGE, PHASE_CURRENTS

HISTORY_KEYS: Final = (
    "voltage_a",
    "voltage_b",
    "voltage_c",
    *PHASE_CURRENTS,
    "current_n",
    *CABLES,
    LEAKAGE,
)

type Sample = tuple[datetime, Mapping[str, float]]

_SLOT: Final = MappingProxyType({key: i for i, key in enumerate(HISTORY_KEYS)})
_WIDTH: Final = len(HISTORY_KEYS)
_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND: Final = timedelta(microseconds=1)
SCALE: Final = 1000  # values are kept in thousandths
_ABSENT: Final = -(2**31)  # a key the box did not report (or a value out of range)
_LIMIT: Final = 2**31 - 1  # ±2,147,483.647 in the reading's unit


def _milli(value: float | None) -> int:
    """Return a value in thousandths, `_ABSENT` for none, a non-finite or an out-of-range one."""
    if value is None:
        return _ABSENT
    try:
        milli = round(value * SCALE)
    except OverflowError, ValueError, TypeError:  # inf, NaN, not a number
        return _ABSENT
    return milli if -_LIMIT <= milli <= _LIMIT else _ABSENT


def pack(values: Mapping[str, float]) -> array[int] | None:
    """Return the history's keys of a reading in thousandths; None without any of them."""
    packed = array("i", [_milli(values.get(key)) for key in HISTORY_KEYS])
    return packed if any(v != _ABSENT for v in packed) else None


class Packed(Mapping[str, float]):
    """A sample's values as the diagnosis and the trends read them, over packed thousandths.

    A key the box did not report is absent from the mapping.
    """

    __slots__ = ("_values",)

    def __init__(self, values: array[int]) -> None:
        """Wrap packed values, in the order of HISTORY_KEYS."""
        self._values = values

    @property
    def packed(self) -> array[int]:
        """Return the packed thousandths (`History.append` keeps them as they are)."""
        return self._values

    def __getitem__(self, key: str) -> float:
        """Return a value; KeyError for a key the box did not report or one not kept."""
        value = self._values[_SLOT[key]]
        if value == _ABSENT:
            raise KeyError(key)
        return value / SCALE

    def __iter__(self) -> Iterator[str]:
        """Iterate over the keys reported."""
        values = self._values
        return (key for key, v in zip(HISTORY_KEYS, values, strict=True) if v != _ABSENT)

    def __len__(self) -> int:
        """Return the number of keys reported."""
        return sum(1 for v in self._values if v != _ABSENT)

    def items(self) -> ItemsView[str, float]:
        """Return the reported keys and values, read in one pass (diagnose reads them all)."""
        return _PackedItems(self)


class _PackedItems(ItemsView[str, float]):
    """A packed sample's items without a look-up per key (the Mapping's own view does one)."""

    _mapping: Packed

    def __iter__(self) -> Iterator[tuple[str, float]]:
        """Iterate over the reported keys and their values."""
        values = self._mapping.packed
        return (
            (key, v / SCALE) for key, v in zip(HISTORY_KEYS, values, strict=True) if v != _ABSENT
        )

    def __repr__(self) -> str:
        """Show the values as a dict."""
        return f"Packed({dict(self)!r})"


class History:
    """A box's samples in the order added, at most `maxlen` (the oldest go), packed.

    Times (µs since the epoch) and values (HISTORY_KEYS' thousandths) are two arrays: 56 bytes
    a sample. It reads like a deque of `(time, values)`: iteration, `len`, `[0]`, `[-1]`,
    `append` and `clear`; a sample with none of the history's keys is not kept.
    """

    __slots__ = ("_maxlen", "_times", "_values")

    def __init__(self, maxlen: int) -> None:
        """Start empty."""
        self._maxlen = maxlen
        self._times: array[int] = array("q")
        self._values: array[int] = array("i")

    @property
    def maxlen(self) -> int:
        """Return how many samples are kept at most."""
        return self._maxlen

    def __len__(self) -> int:
        """Return the number of samples kept."""
        return min(len(self._times), self._maxlen)

    def _first(self) -> int:
        return len(self._times) - len(self)

    def _sample(self, index: int) -> Sample:
        when = _EPOCH + self._times[index] * _MICROSECOND
        return when, Packed(self._values[index * _WIDTH : (index + 1) * _WIDTH])

    def __getitem__(self, index: int) -> Sample:
        """Return the index-th sample (negative: from the newest)."""
        count = len(self)
        if not -count <= index < count:
            raise IndexError(index)
        return self._sample(self._first() + index % count)

    def __iter__(self) -> Iterator[Sample]:
        """Iterate over the samples, oldest first."""
        for index in range(self._first(), len(self._times)):
            yield self._sample(index)

    def append(self, sample: Sample) -> None:
        """Keep a sample (and forget the oldest beyond `maxlen`)."""
        when, values = sample
        packed = values.packed if isinstance(values, Packed) else pack(values)
        if packed is None:
            return
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        self._times.append((when - _EPOCH) // _MICROSECOND)
        self._values.extend(packed)
        # The oldest go in batches: deleting the head of an array moves the rest.
        if (excess := len(self._times) - self._maxlen) >= max(1, self._maxlen // 8):
            del self._times[:excess]
            del self._values[: excess * _WIDTH]

    def extend(self, samples: Iterable[Sample]) -> None:
        """Keep several samples."""
        for sample in samples:
            self.append(sample)

    def clear(self) -> None:
        """Forget every sample."""
        del self._times[:]
        del self._values[:]

    def copy(self, last: int | None = None) -> History:
        """Return a copy (of the newest `last` samples): the executor may read it."""
        count = len(self) if last is None else min(last, len(self))
        start = len(self._times) - count
        copied = History(self._maxlen)
        copied._times = self._times[start:]
        copied._values = self._values[start * _WIDTH :]
        return copied


def samples_out(samples: Iterable[Sample]) -> list[list[float | None]]:
    """Return samples as stored: `[time, value, ...]` in HISTORY_KEYS' order, null: absent."""
    return [
        [
            round(when.timestamp(), 3),
            *(round(values[k], 3) if k in values else None for k in HISTORY_KEYS),
        ]
        for when, values in samples
    ]


def _number(value: Any) -> float:
    """Return a stored value as a float, NaN for anything else."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return math.nan


def samples_in(items: Any, keys: Any = HISTORY_KEYS) -> list[Sample]:
    """Read stored samples (only the history's keys are kept); anything unreadable is skipped.

    `keys`: the document's order of the values; samples of earlier versions are
    `[time, {key: value}]`.
    """
    order = [str(k) for k in keys] if isinstance(keys, list | tuple) else list(HISTORY_KEYS)
    samples: list[Sample] = []
    for item in items if isinstance(items, list) else []:
        try:
            ts, *rest = item
            when = datetime.fromtimestamp(float(ts), UTC)
            if len(rest) == 1 and isinstance(rest[0], dict):
                values = {str(k): _number(v) for k, v in rest[0].items()}
            else:
                values = {k: _number(v) for k, v in zip(order, rest, strict=False)}
        except TypeError, ValueError, AttributeError, OverflowError, OSError:
            continue
        clean = {k: v for k, v in values.items() if k in _SLOT and math.isfinite(v)}
        if (packed := pack(clean)) is not None:
            samples.append((when, Packed(packed)))
    samples.sort(key=lambda s: s[0])
    return samples


def restore(data: Any, coarse_data: Any) -> dict[str, tuple[list[Sample], list[Sample]]]:
    """Read every box's stored samples (in the executor: a week of 1,000 boxes is 10^6)."""
    samples = data.get("samples") if isinstance(data, dict) else None
    restored: dict[str, tuple[list[Sample], list[Sample]]] = {}
    keys = data.get("keys", HISTORY_KEYS) if isinstance(data, dict) else HISTORY_KEYS
    for serial, kept in (samples if isinstance(samples, dict) else {}).items():
        if isinstance(kept, dict):  # earlier versions kept the coarse samples here too
            restored[serial] = (
                samples_in(kept.get("fine"), keys),
                samples_in(kept.get("coarse"), keys),
            )
    coarse = coarse_data.get("coarse") if isinstance(coarse_data, dict) else None
    keys = coarse_data.get("keys", HISTORY_KEYS) if isinstance(coarse_data, dict) else keys
    for serial, items in (coarse if isinstance(coarse, dict) else {}).items():
        fine = restored.get(serial, ([], []))[0]
        restored[serial] = (fine, samples_in(items, keys))
    return restored


def snapshot(events: list[dict[str, Any]], fine: Mapping[str, Iterable[Sample]]) -> dict[str, Any]:
    """Return the stored events and fine samples (in the executor: the samples are copies)."""
    return {
        "events": events,
        "keys": list(HISTORY_KEYS),
        "samples": {serial: {"fine": samples_out(kept)} for serial, kept in fine.items()},
    }


def coarse_snapshot(coarse: Mapping[str, Iterable[Sample]]) -> dict[str, Any]:
    """Return the stored coarse samples (in the executor)."""
    return {
        "keys": list(HISTORY_KEYS),
        "coarse": {serial: samples_out(kept) for serial, kept in coarse.items()},
    }
