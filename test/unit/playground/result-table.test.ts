import { describe, expect, it } from 'vitest';
import { defaultListPath, exportFileName, listPaths, operationNameOf, resultTable, toCsv, toTsv } from '../../../src/server/playground/result-table';
import { readCsv } from '../../support/csv-read';

const households = {
  grid: {
    code: 'G1',
    name: '一网格',
    community: { code: 'C1', name: '丹城社区' },
    staff: { nodes: [{ role: 'GRID_WORKER', person: { name: '张*' } }] },
    households: {
      totalCount: 3,
      nodes: [
        {
          householdNo: 'H1',
          dwelling: { building: { buildingNo: '1' } },
          residents: {
            edges: [
              { relation: '户主', node: { name: '李*', birthYear: 1970 } },
              { relation: '配偶', node: { name: '王*', birthYear: 1972 } },
            ],
          },
        },
        { householdNo: 'H2', dwelling: null, residents: { edges: [] } },
        { householdNo: 'H3', dwelling: { building: { buildingNo: '3' } }, residents: { edges: [{ relation: '户主', node: { name: '赵*', birthYear: null } }] } },
      ],
    },
  },
};

describe('result as a table', () => {
  it('offers every list of objects with the rows it would give, and picks the one with most rows', () => {
    const paths = listPaths(households);
    const byLabel = Object.fromEntries(paths.map((p) => [p.label, p]));
    expect(Object.keys(byLabel).sort()).toEqual(['', 'grid.households', 'grid.households.residents', 'grid.staff']);
    expect(byLabel['grid.households']).toMatchObject({ keys: ['grid', 'households', 'nodes'], rows: 3, depth: 1 });
    // 2 + 1 (H2 has no residents: one row, a left join) + 1
    expect(byLabel['grid.households.residents']).toMatchObject({ keys: ['grid', 'households', 'nodes', 'residents', 'edges'], rows: 4, depth: 2 });
    expect(byLabel['grid.staff']!.rows).toBe(1);
    expect(byLabel['']!.rows).toBe(1);
    expect(defaultListPath(paths)!.label).toBe('grid.households.residents');
    for (const p of paths) expect(resultTable(households, p).rows, p.label).toHaveLength(p.rows);
  });

  it('flattens the innermost list, repeating the columns above, edges[].node merged into the edge', () => {
    const t = resultTable(households);
    expect(t.path.label).toBe('grid.households.residents');
    expect(t.columns).toEqual([
      'grid.code',
      'grid.name',
      'grid.community.code',
      'grid.community.name',
      'grid.households.totalCount',
      'grid.households.householdNo',
      'grid.households.dwelling.building.buildingNo',
      'relation',
      'name',
      'birthYear',
    ]);
    expect(t.rows).toEqual([
      ['G1', '一网格', 'C1', '丹城社区', 3, 'H1', '1', '户主', '李*', 1970],
      ['G1', '一网格', 'C1', '丹城社区', 3, 'H1', '1', '配偶', '王*', 1972],
      ['G1', '一网格', 'C1', '丹城社区', 3, 'H2', null, null, null, null],
      ['G1', '一网格', 'C1', '丹城社区', 3, 'H3', '3', '户主', '赵*', null],
    ]);
  });

  it('with another list chosen: lists of objects off the path are left out, a null object leaves no column of its own', () => {
    const path = listPaths(households).find((p) => p.label === 'grid.households')!;
    const t = resultTable(households, path);
    expect(t.columns).toEqual(['grid.code', 'grid.name', 'grid.community.code', 'grid.community.name', 'grid.households.totalCount', 'householdNo', 'dwelling.building.buildingNo']);
    expect(t.rows.map((r) => r[5])).toEqual(['H1', 'H2', 'H3']);
    expect(t.rows[1]![6]).toBeNull();
  });

  it('a result without lists is one row; data fields other than the path are not columns; scalar lists are joined', () => {
    const data = { areaStats: { area: { code: '420102002', name: '大智街道' }, households: 120, tags: ['a', 'b'] }, other: { groups: [{ status: 'OPEN', count: 2 }, { status: 'CLOSED', count: 5 }] } };
    const whole = resultTable(data, listPaths(data).find((p) => p.depth === 0));
    expect(whole.columns).toEqual(['areaStats.area.code', 'areaStats.area.name', 'areaStats.households', 'areaStats.tags']);
    expect(whole.rows).toEqual([['420102002', '大智街道', 120, 'a; b']]);
    const groups = resultTable(data);
    expect(groups.path.label).toBe('other.groups');
    expect(groups.columns).toEqual(['status', 'count']);
    expect(groups.rows).toEqual([
      ['OPEN', 2],
      ['CLOSED', 5],
    ]);
    expect(resultTable(null).rows).toEqual([]);
  });

  it('a nested list inside caseStats: one row per group with the total repeated', () => {
    const data = { byStatus: { total: { count: 7 }, groups: [{ status: 'OPEN', count: 2 }, { status: 'CLOSED', count: 5 }] } };
    const t = resultTable(data);
    expect(t.columns).toEqual(['byStatus.total.count', 'status', 'count']);
    expect(t.rows).toEqual([
      [7, 'OPEN', 2],
      [7, 'CLOSED', 5],
    ]);
  });

  it('a name of the row that is also a column above is kept apart with the row label', () => {
    const data = { areas: { nodes: [{ code: 'A', grids: { nodes: [{ code: 'G' }] } }] }, x: 1 };
    const t = resultTable(data);
    expect(t.columns).toEqual(['areas.code', 'code']);
    const clash = { a: [{ b: 1, c: [{ x: 2, a: 3 }] }] };
    const t2 = resultTable(clash);
    expect(t2.columns).toEqual(['a.b', 'x', 'a']);
    const clash2 = { a: [{ b: 1, c: [{ 'a.b': 9 }] }] };
    expect(resultTable(clash2).columns).toEqual(['a.b', 'a.c.a.b']);
  });

  it('the operation name comes from GraphiQL or the first named operation, comments skipped', () => {
    expect(operationNameOf('# query Not\nquery GridHouseholds($g: String!) { x }')).toBe('GridHouseholds');
    expect(operationNameOf('{ x }')).toBeNull();
    expect(operationNameOf('query A { x } query B { y }', 'B')).toBe('B');
  });
});

describe('CSV and TSV', () => {
  const table = {
    columns: ['名称', 'note', 'n', 'ok', 'empty'],
    rows: [
      ['丹城社区', 'a, "quoted" word', 12.5, true, null],
      ['第二行\n换行', '=HYPERLINK("x")', -3, false, ''],
    ],
  };

  it('writes a BOM, a header, RFC 4180 quoting and CRLF; read back it gives the same cells', () => {
    const csv = toCsv(table);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv).toContain('"a, ""quoted"" word"');
    const records = readCsv(csv.slice(1));
    expect(records).toEqual([
      ['名称', 'note', 'n', 'ok', 'empty'],
      ['丹城社区', 'a, "quoted" word', '12.5', 'true', ''],
      // text a spreadsheet would run as a formula gets a leading apostrophe; numbers stay numbers
      ['第二行\n换行', '\'=HYPERLINK("x")', '-3', 'false', ''],
    ]);
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it('TSV quotes tabs, quotes and line breaks and has no BOM', () => {
    const tsv = toTsv({ columns: ['a', 'b'], rows: [['x\ty', 'plain'], ['"q"', null]] });
    expect(tsv).toBe('a\tb\r\n"x\ty"\tplain\r\n"""q"""\t\r\n');
  });

  it('names the file after the operation and the local time', () => {
    const at = new Date(2026, 11, 6, 9, 5, 7);
    expect(exportFileName('GridHouseholds', at)).toBe('GridHouseholds-20261206-090507.csv');
    expect(exportFileName('网格 住户/查询', at, 'json')).toBe('网格_住户_查询-20261206-090507.json');
    expect(exportFileName(null, at)).toBe('huiju-20261206-090507.csv');
  });
});
