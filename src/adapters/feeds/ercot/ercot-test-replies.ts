import { deflateRawSync } from 'node:zlib';

/**
 * Replies in ERCOT's published formats for tests. There is no recorded price reply (see
 * ../shared/fixtures/feeds/README.md, "Not covered"), so these follow the published report
 * definitions: the public API's query reply (`_meta`, `report`, `fields[]`, `data[][]`) with
 * NP6-905-CD / NP4-190-CD column names, and the MIS CSV columns of the same reports.
 */
export function apiPriceReply(
  market: 'rt' | 'da',
  rows: readonly (readonly unknown[])[],
): { _meta: object; report: object; fields: object[]; data: unknown[][] } {
  const names =
    market === 'rt'
      ? [
          'deliveryDate',
          'deliveryHour',
          'deliveryInterval',
          'settlementPoint',
          'settlementPointType',
          'settlementPointPrice',
          'DSTFlag',
        ]
      : ['deliveryDate', 'hourEnding', 'settlementPoint', 'settlementPointPrice', 'DSTFlag'];
  return {
    _meta: { totalRecords: rows.length, pageSize: 2000, totalPages: 1, currentPage: 1 },
    report: market === 'rt' ? { reportEMILId: 'NP6-905-CD' } : { reportEMILId: 'NP4-190-CD' },
    fields: names.map((name) => ({ name, label: name, dataType: 'STRING' })),
    data: rows.map((row) => [...row]),
  };
}

/** A ZIP archive holding one stored-deflated file, as ERCOT's report downloads are. */
export function zipOf(name: string, text: string): Uint8Array {
  const data = new TextEncoder().encode(text);
  const deflated = deflateRawSync(data);
  const nameBytes = new TextEncoder().encode(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(deflated.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(nameBytes.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(deflated.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(nameBytes.length, 28);
  central.writeUInt32LE(0, 42);
  const centralOffset = local.length + nameBytes.length + deflated.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + nameBytes.length, 12);
  end.writeUInt32LE(centralOffset, 16);
  return new Uint8Array(Buffer.concat([local, nameBytes, deflated, central, nameBytes, end]));
}

/** The MIS listing of one report type, newest first, a CSV and an XML file per report. */
export function misListing(docs: readonly { docId: string; published: string; name: string }[]): object {
  return {
    ListDocsByRptTypeRes: {
      DocumentList: docs.map((d) => ({
        Document: { DocID: d.docId, PublishDate: d.published, ConstructedName: d.name, FriendlyName: d.name },
      })),
    },
  };
}
