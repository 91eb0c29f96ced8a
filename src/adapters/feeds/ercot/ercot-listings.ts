import { feedReplyInvalid } from '../feed-error.ts';
import { list, record } from '../json-fields.ts';

/** A published report file: its document id and when it was posted. */
export interface ErcotDocument {
  readonly docId: string;
  readonly postedMs: number;
  /** File name where the listing gives one (MIS lists a `_csv.zip` and an `_xml.zip` per report). */
  readonly name?: string;
}

/**
 * The public API's archive listing (`GET /archive/{emilId}`, schema ProductHistory): `archives[]`
 * with `docId` and `postDatetime` (Central time, no offset; only the order matters here).
 */
export function archiveDocuments(feedId: string, body: unknown): ErcotDocument[] {
  const archives = list(feedId, record(feedId, body, 'archive listing').archives, 'archives');
  return archives.map((raw, i) => {
    const entry = record(feedId, raw, `archives[${i}]`);
    const posted = Date.parse(`${String(entry.postDatetime)}Z`);
    if (entry.docId === undefined || Number.isNaN(posted)) {
      throw feedReplyInvalid(feedId, `archives[${i}] lacks docId or postDatetime`);
    }
    return { docId: String(entry.docId), postedMs: posted };
  });
}

/**
 * The MIS listing (`/misapp/servlets/IceDocListJsonWS?reportTypeId=…`):
 * `ListDocsByRptTypeRes.DocumentList[].Document` with `DocID` and `PublishDate` (ISO with offset).
 */
export function misDocuments(feedId: string, body: unknown): ErcotDocument[] {
  const holder = record(
    feedId,
    record(feedId, body, 'MIS listing').ListDocsByRptTypeRes,
    'ListDocsByRptTypeRes',
  );
  const documents =
    holder.DocumentList === undefined ? [] : list(feedId, holder.DocumentList, 'DocumentList');
  return documents.map((raw, i) => {
    const doc = record(
      feedId,
      record(feedId, raw, `DocumentList[${i}]`).Document,
      `DocumentList[${i}].Document`,
    );
    const posted = Date.parse(String(doc.PublishDate));
    if (doc.DocID === undefined || Number.isNaN(posted)) {
      throw feedReplyInvalid(feedId, `DocumentList[${i}].Document lacks DocID or PublishDate`);
    }
    return {
      docId: String(doc.DocID),
      postedMs: posted,
      name: String(doc.ConstructedName ?? doc.FriendlyName ?? ''),
    };
  });
}
