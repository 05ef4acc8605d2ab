"""佐证材料: the photos, scans and documents attached to a record (``store.attachments``).

    att = store.attachments
    aid = att.add("study_sessions", rid, "签到表.jpg", caption="签到表")
    att.rename(aid, "会议签到表"); att.move(aid, 0)
    row = att.remove(aid); att.put_back(row)        # 撤销
    for problem in att.check(): print(problem.text)  # missing or damaged files, named

Design (issue 15):

- The bytes live in the content-addressed folder beside the database (blobs.py:
  ``法治台账.附件/ab/abcd….jpg``, written once by temp file + fsync + os.replace, never modified),
  not in SQLite: a backup copies only what is new. The ``attachments`` table holds, per
  attachment, the record (ledger + id), caption, position, original file name, size, SHA-256,
  extension, kind, pixel size or page count, and when it was added.
- Adding, renaming, reordering and removing are operations of the store: each is one
  transaction with its audit entry (ledger = the record's ledger, so the record's history shows
  them), refused in a locked year like any change to the record, and undoable (remove returns
  the row, put_back brings it back with its place). The file is written before the transaction
  and is harmless if the transaction fails (an orphan, removed by prune when old).
- Deleting a record removes its attachments' rows in the same transaction (store.delete returns
  them with the record; undelete puts them back).
- :meth:`Attachments.check` reads every referenced file and checks its hash: the integrity check
  of the command line, the self-test and the window name each missing or damaged one by record,
  caption and file.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, cast

from .errors import UserError
from .images import DOCUMENT, KIND_LABELS, PHOTO, SCAN, FileRefused, prepare, prepare_image_bytes
from .ledgers import LEDGER_MAP, describe_record

if TYPE_CHECKING:
    from .blobs import BlobFolder, BlobRef
    from .store import Store

TABLE = "attachments"
COLUMNS = (
    "id", "ledger", "record_id", "position", "caption", "original_name", "size", "sha256", "ext",
    "kind", "width", "height", "pages", "added_at",
)
CAPTION_MAX = 40
SUGGESTED_CAPTIONS = ("签到表", "会议记录", "现场照片", "会议照片", "宣传照片", "决定书", "调解协议书", "通知", "方案")
_CAMERA_NAME = re.compile(
    r"^(img|dsc|dscn|pxl|mmexport|wx_camera|photo|image|scan|扫描|微信图片)?[\s_\-]*[\d_\-\s]*$", re.I
)


def create_table(db) -> None:
    """The attachments table and its indexes (called by the store's schema sync)."""
    db[TABLE].create(
        {
            "id": int, "ledger": str, "record_id": int, "position": int, "caption": str,
            "original_name": str, "size": int, "sha256": str, "ext": str, "kind": str,
            "width": int, "height": int, "pages": int, "added_at": str,
        },
        pk="id",
        not_null={"ledger", "record_id", "sha256", "ext", "kind", "size"},
        defaults={"position": 0, "caption": "", "width": 0, "height": 0, "pages": 0},
    )
    db[TABLE].create_index(["ledger", "record_id", "position"])
    db[TABLE].create_index(["sha256"])


def default_caption(original_name: str, kind: str) -> str:
    """The caption an attachment starts with: its file name, unless that is a camera's number
    (IMG_2034.jpg), then what it is (照片, 扫描件)."""
    stem = Path(original_name).stem.strip()
    if not stem or _CAMERA_NAME.match(stem):
        return KIND_LABELS.get(kind, "佐证材料")
    return stem[:CAPTION_MAX]


@dataclass(frozen=True)
class Problem:
    """A missing or damaged attachment, named as the clerk finds it."""

    ledger: str
    record_id: int
    attachment_id: int
    caption: str
    file: str  # the stored file, relative to the database's folder
    why: str

    @property
    def text(self) -> str:
        lg = LEDGER_MAP.get(self.ledger)
        label = lg.label if lg else self.ledger
        return (f"「{label}」第 {self.record_id} 号记录的佐证材料“{self.caption}”"
                f"（{self.file}）：{self.why}")


class Attachments:
    """The attachments of one open store (``store.attachments``)."""

    def __init__(self, store: "Store"):
        self.store = store
        # a file from before attachments, opened read-only, has no table: it has none
        self.available = store.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'attachments'"
        ).fetchone() is not None

    @functools.cached_property
    def blobs(self) -> BlobFolder:
        """The folder of the files (blobs.py), made when first needed: the table's counts, read
        as the window shows its first page, need only the database (not hashlib, not uuid)."""
        from .blobs import BlobFolder, folder_for

        return BlobFolder(folder_for(self.store.path))

    @property
    def folder(self) -> Path:
        return self.blobs.root

    # reading ------------------------------------------------------------------------------

    def of_record(self, ledger: str, record_id: int) -> list[dict[str, Any]]:
        if not self.available:
            return []
        rows = self.store.conn.execute(
            "SELECT * FROM attachments WHERE ledger = ? AND record_id = ? ORDER BY position, id",
            (ledger, record_id),
        )
        return [dict(r) for r in rows]

    def get(self, attachment_id: int) -> dict[str, Any] | None:
        if not self.available:
            return None
        row = self.store.conn.execute("SELECT * FROM attachments WHERE id = ?", (attachment_id,)).fetchone()
        return dict(row) if row else None

    def counts(self, ledger: str, record_ids: Iterable[int] | None = None) -> dict[int, int]:
        """How many attachments each record of a ledger has (records with none are absent)."""
        if not self.available:
            return {}
        sql = "SELECT record_id, COUNT(*) FROM attachments WHERE ledger = ?"
        params: list[Any] = [ledger]
        if record_ids is not None:
            ids = list(record_ids)
            if not ids:
                return {}
            sql += f" AND record_id IN ({', '.join('?' * len(ids))})"
            params += ids
        return dict(self.store.conn.execute(sql + " GROUP BY record_id", params).fetchall())

    def all_rows(self) -> list[dict[str, Any]]:
        if not self.available:
            return []
        return [dict(r) for r in self.store.conn.execute(
            "SELECT * FROM attachments ORDER BY ledger, record_id, position, id")]

    def path(self, row: dict[str, Any]) -> Path:
        """Where an attachment's file is."""
        return self.blobs.path(row["sha256"], row["ext"])

    def file_label(self, row: dict[str, Any]) -> str:
        """The stored file as named in messages: relative to the database's folder."""
        p = self.path(row)
        return f"{p.parent.parent.name}/{p.parent.name}/{p.name}"

    def total_bytes(self) -> int:
        if not self.available:
            return 0
        return self.store.conn.execute(
            "SELECT COALESCE(SUM(size), 0) FROM (SELECT DISTINCT sha256, size FROM attachments)"
        ).fetchone()[0]

    # changing -----------------------------------------------------------------------------

    def _record(self, ledger: str, record_id: int) -> dict[str, Any]:
        from .ledgers import ledger as get_ledger

        lg = get_ledger(ledger)
        rec = self.store.get(ledger, record_id)
        if rec is None:
            raise UserError(f"「{lg.label}」中找不到这条记录（编号 {record_id}），可能已被删除")
        # a record of a locked year keeps its 佐证材料 as they were when the report was issued
        self.store.year_locks.check(lg, rec, None)
        return rec

    def _audit(self, ledger: str, record_id: int, action: str, rec: dict | None, before: dict | None,
               after: dict | None) -> None:
        lg = LEDGER_MAP[ledger]
        head = {}
        if rec is not None:  # the record's date and title, so the log names the record
            head[lg.date_field] = rec.get(lg.date_field)
            if lg.title_field:
                head[lg.title_field] = rec.get(lg.title_field)
        self.store.audit.record(
            ledger, record_id, action,
            dict(head, **before) if before is not None else None,
            dict(head, **after) if after is not None else None,
        )

    @staticmethod
    def _shown(row: dict[str, Any]) -> dict[str, Any]:
        return {"佐证材料": row["caption"], "文件": row["original_name"], "顺序": row["position"] + 1}

    def add(
        self,
        ledger: str,
        record_id: int,
        source: str | os.PathLike,
        *,
        caption: str | None = None,
        keep_original: bool = False,
    ) -> int:
        """Attach a file to a record; returns the attachment's id. A large photo is reduced
        unless `keep_original`. Raises UserError (FileRefused's message) naming the rule."""
        self._refuse_read_only()
        source = Path(source)
        self._record(ledger, record_id)  # refused before any work: no record, a locked year
        try:
            prep = prepare(source, keep_original=keep_original)
        except FileRefused as e:
            raise UserError(str(e)) from None
        return self._store_prepared(ledger, record_id, prep, source, source.name, caption)

    def add_image_bytes(self, ledger: str, record_id: int, data: bytes, *, caption: str | None = None,
                        name: str = "粘贴的图片.png") -> int:
        """Attach an image pasted from the clipboard (PNG or JPEG bytes)."""
        self._refuse_read_only()
        self._record(ledger, record_id)
        try:
            prep = prepare_image_bytes(data, "png")
        except FileRefused as e:
            raise UserError(str(e)) from None
        return self._store_prepared(ledger, record_id, prep, None, name, caption or "照片")

    def _store_prepared(self, ledger, record_id, prep, source, original_name, caption) -> int:
        try:
            if prep.data is not None:
                ref = self.blobs.put_bytes(prep.data, prep.ext)
            else:
                ref = self.blobs.put_file(source, prep.ext)
        except OSError as e:
            from .errors import os_error_text

            raise UserError(
                f"无法保存佐证材料“{original_name}”到“{self.folder}”（{os_error_text(e)}），记录未改动"
            ) from None
        caption = _clean_caption(caption) if caption is not None else default_caption(original_name, prep.kind)
        with self.store.transaction():
            rec = self._record(ledger, record_id)
            pos = self.store.conn.execute(
                "SELECT COALESCE(MAX(position) + 1, 0) FROM attachments WHERE ledger = ? AND record_id = ?",
                (ledger, record_id),
            ).fetchone()[0]
            row = {
                "ledger": ledger, "record_id": record_id, "position": pos, "caption": caption,
                "original_name": original_name[:200], "size": ref.size, "sha256": ref.sha256,
                "ext": ref.ext, "kind": prep.kind, "width": prep.width, "height": prep.height,
                "pages": prep.pages, "added_at": dt.datetime.now().isoformat(timespec="seconds"),
            }
            cur = self.store.conn.execute(
                f"INSERT INTO attachments ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                list(row.values()),
            )
            self._audit(ledger, record_id, "attach", rec, None, self._shown(row))
        return cast(int, cur.lastrowid)

    def rename(self, attachment_id: int, caption: str) -> None:
        self._refuse_read_only()
        caption = _clean_caption(caption)
        with self.store.transaction():
            row = self._existing(attachment_id)
            rec = self._record(row["ledger"], row["record_id"])
            if row["caption"] == caption:
                return
            self.store.conn.execute("UPDATE attachments SET caption = ? WHERE id = ?", (caption, attachment_id))
            self._audit(row["ledger"], row["record_id"], "caption", rec,
                        {"佐证材料": row["caption"]}, {"佐证材料": caption})

    def move(self, attachment_id: int, to_index: int) -> None:
        """Put an attachment at `to_index` (0 = first) among its record's attachments."""
        self._refuse_read_only()
        with self.store.transaction():
            row = self._existing(attachment_id)
            rec = self._record(row["ledger"], row["record_id"])
            rows = self.of_record(row["ledger"], row["record_id"])
            ids = [r["id"] for r in rows]
            old = ids.index(attachment_id)
            to_index = max(0, min(int(to_index), len(ids) - 1))
            if old == to_index:
                return
            ids.insert(to_index, ids.pop(old))
            self._renumber(ids)
            self._audit(row["ledger"], row["record_id"], "reorder", rec,
                        {"佐证材料": row["caption"], "顺序": old + 1},
                        {"佐证材料": row["caption"], "顺序": to_index + 1})

    def remove(self, attachment_id: int) -> dict[str, Any]:
        """Take an attachment off its record; returns its row for :meth:`put_back` (撤销). The
        file stays (an orphan until prune finds it old), so 撤销 needs nothing else."""
        self._refuse_read_only()
        with self.store.transaction():
            row = self._existing(attachment_id)
            rec = self._record(row["ledger"], row["record_id"])
            self.store.conn.execute("DELETE FROM attachments WHERE id = ?", (attachment_id,))
            rest = [r["id"] for r in self.of_record(row["ledger"], row["record_id"])]
            self._renumber(rest)
            self._audit(row["ledger"], row["record_id"], "detach", rec, self._shown(row), None)
        return row

    def put_back(self, row: dict[str, Any], record_id: int | None = None) -> int:
        """Bring back a removed attachment at its old place (撤销); `record_id` when the record
        itself came back under another id."""
        self._refuse_read_only()
        values = {c: row[c] for c in COLUMNS if c in row}
        if record_id is not None:
            values["record_id"] = record_id
        with self.store.transaction():
            rec = self._record(values["ledger"], values["record_id"])
            if self.get(values["id"]) is not None:
                del values["id"]
            ids = [r["id"] for r in self.of_record(values["ledger"], values["record_id"])]
            cur = self.store.conn.execute(
                f"INSERT INTO attachments ({', '.join(values)}) VALUES ({', '.join('?' * len(values))})",
                list(values.values()),
            )
            new_id = cast(int, values.get("id", cur.lastrowid))
            ids.insert(min(int(row.get("position", len(ids))), len(ids)), new_id)
            self._renumber(ids)
            self._audit(values["ledger"], values["record_id"], "reattach", rec, None,
                        self._shown(dict(values, position=ids.index(new_id))))
        return new_id

    def _renumber(self, ids: list[int]) -> None:
        for pos, aid in enumerate(ids):
            self.store.conn.execute("UPDATE attachments SET position = ? WHERE id = ?", (pos, aid))

    def _existing(self, attachment_id: int) -> dict[str, Any]:
        row = self.get(attachment_id)
        if row is None:
            raise UserError("找不到这份佐证材料，可能已被删除")
        return row

    def _refuse_read_only(self) -> None:
        if self.store.readonly:
            raise UserError("数据库以只读方式打开，佐证材料不能修改")

    # with a record's delete / undelete (called by the store inside its transaction) -------

    def take_off_record(self, ledger: str, record_id: int) -> list[dict[str, Any]]:
        rows = self.of_record(ledger, record_id)
        if rows:
            self.store.conn.execute(
                "DELETE FROM attachments WHERE ledger = ? AND record_id = ?", (ledger, record_id))
        return rows

    def put_back_on_record(self, rows: list[dict[str, Any]], record_id: int) -> None:
        for row in rows:
            values = {c: row[c] for c in COLUMNS if c in row and c != "id"}
            values["record_id"] = record_id
            self.store.conn.execute(
                f"INSERT INTO attachments ({', '.join(values)}) VALUES ({', '.join('?' * len(values))})",
                list(values.values()),
            )

    # checking -----------------------------------------------------------------------------

    def check(self, *, progress=None) -> list[Problem]:
        """Every attachment whose file is missing or damaged (its content no longer hashes to
        its name), named by record, caption and file; [] when all are sound."""
        from .blobs import BlobRef

        problems = []
        rows = self.all_rows()
        verdict: dict[tuple[str, str], str | None] = {}
        for i, row in enumerate(rows):
            key = (row["sha256"], row["ext"])
            if key not in verdict:
                verdict[key] = self.blobs.check(BlobRef(row["sha256"], row["ext"], row["size"]))
            why = verdict[key]
            if why:
                problems.append(Problem(row["ledger"], row["record_id"], row["id"], row["caption"],
                                        self.file_label(row), why))
            if progress:
                progress(i + 1, len(rows))
        return problems

    def describe_ref(self, ref: BlobRef) -> str:
        """A file of the store named by the first attachment that uses it."""
        return describe_ref(self.store.conn, ref)

    # the record's words, for lists and the binder -----------------------------------------

    def record_title(self, ledger: str, record_id: int) -> str:
        rec = self.store.get(ledger, record_id)
        return describe_record(LEDGER_MAP[ledger], rec) if rec else f"第 {record_id} 号"


def _clean_caption(caption: str) -> str:
    text = " ".join(str(caption or "").split())
    if not text:
        raise UserError("佐证材料的名称不能为空（如：签到表、会议记录、现场照片）")
    if len(text) > CAPTION_MAX:
        raise UserError(f"佐证材料的名称不超过 {CAPTION_MAX} 个字")
    return text


def describe_ref(conn, ref: BlobRef) -> str:
    """A file a database (or backup) names, by the first attachment using it: record,
    caption and file."""
    row = conn.execute(
        "SELECT ledger, record_id, id, caption, sha256, ext FROM attachments "
        "WHERE sha256 = ? AND ext = ? ORDER BY id LIMIT 1",
        (ref.sha256, ref.ext),
    ).fetchone()
    if row is None:
        return ref.name
    ledger, record_id, aid, caption, sha, ext = tuple(row)
    file = f"{sha[:2]}/{sha}.{ext}"
    return Problem(ledger, record_id, aid, caption, file, "").text.rstrip("：")


__all__ = ["Attachments", "Problem", "create_table", "default_caption", "SUGGESTED_CAPTIONS",
           "PHOTO", "SCAN", "DOCUMENT"]
