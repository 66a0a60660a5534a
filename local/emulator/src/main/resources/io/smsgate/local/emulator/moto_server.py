"""moto's server, with DynamoDB transactions that cost what they touch.

Started by MotoServer as `python moto_server.py -H HOST -p PORT` (the arguments of `python -m moto.server`).

moto 5.2.1's `transact_write_items` deep-copies every table a transaction names, once per item, so that
it can put the whole table back if the transaction is cancelled. That makes each transaction cost time
in proportion to everything the table holds: after a few thousand counters a three-item transaction
takes tens of milliseconds of the emulator's single interpreter, and a benchmark of the send path
measures the emulator's table size instead of the code under test. DynamoDB's transactions take
constant time.

The patch below keeps moto's semantics (a cancelled or invalid transaction leaves every item as it
was) by remembering only the items the transaction names, and putting those back instead. Anything it
does not understand (a table with a stream, a key it cannot read) takes moto's own path unchanged.
"""
import copy
import sys
import threading

from moto.dynamodb import models as dynamodb_models
from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.table import Table

_journal_active = threading.local()


class _TablesNotCopied:
    """The `copy` module as moto's DynamoDB backend sees it: a table is not copied while a journal stands in."""

    def __getattr__(self, name):
        return getattr(copy, name)

    @staticmethod
    def deepcopy(value, memo=None):
        if isinstance(value, Table) and getattr(_journal_active, "on", False):
            return value
        return copy.deepcopy(value, memo)


def _journal(backend, transact_items):
    """(table, hash, range, the item as it was or None) for every item the transaction names, or None."""
    journal = []
    for entry in transact_items:
        if len(entry) != 1:
            return None
        op_type, op = next(iter(entry.items()))
        table = backend.tables.get(op.get("TableName"))
        if table is None or table.stream_shard is not None:
            return None
        if op_type == "Put":
            attrs = op.get("Item", {})
            key = {name: attrs[name] for name in (table.hash_key_attr, table.range_key_attr) if name and name in attrs}
        else:
            key = op.get("Key")
        if not key:
            return None
        hash_value, range_value = backend.get_keys_value(table, key)
        before = table.get_item(hash_value, range_value) if (range_value or not table.has_range_key) else None
        journal.append((table, hash_value, range_value, copy.deepcopy(before)))
    return journal


def _put_back(journal):
    for table, hash_value, range_value, before in reversed(journal):
        if range_value:
            if before is None:
                table.items.get(hash_value, {}).pop(range_value, None)
            else:
                table.items[hash_value][range_value] = before
        elif before is None:
            table.items.pop(hash_value, None)
        else:
            table.items[hash_value] = before


_moto_transact_write_items = DynamoDBBackend.transact_write_items


def transact_write_items(self, transact_items):
    try:
        journal = _journal(self, transact_items)
    except Exception:  # moto's own path reports whatever is wrong with the request
        journal = None
    if journal is None:
        return _moto_transact_write_items(self, transact_items)
    _journal_active.on = True
    try:
        return _moto_transact_write_items(self, transact_items)
    except Exception:
        _put_back(journal)
        raise
    finally:
        _journal_active.on = False


dynamodb_models.copy = _TablesNotCopied()
DynamoDBBackend.transact_write_items = transact_write_items

if __name__ == "__main__":
    from moto.server import main

    sys.exit(main(sys.argv[1:]))
