import { describe, expect, it } from 'vitest';
import { RowTable } from './row-table.js';

/** A staff table stacked on a phone shows each value under its column's heading: the cells carry it. */
describe('a staff table', () => {
  it("labels each data cell with its column's heading, leaving out hidden columns and the row header", () => {
    const html = String(
      <RowTable
        columns={['Name', 'Status', false, 'Ends', '']}
        rows={[{ name: 'Åsa', active: true, ends: ['2026-12-31'] }]}
        cells={(row) => (
          <>
            <th scope="row">{row.name}</th>
            <td>{row.active ? 'Active' : 'Ended'}</td>
            {row.ends.map((day) => (
              <td>{day}</td>
            ))}
            <td>
              <button type="submit">Revoke</button>
            </td>
          </>
        )}
      />,
    );
    expect(html).toContain('<th scope="row">Åsa</th>');
    expect(html).toContain('<td data-label="Status">Active</td>');
    expect(html).toContain('<td data-label="Ends">2026-12-31</td>');
    // An empty heading (an actions column) gives no label.
    expect(html).toContain('<td><button type="submit">Revoke</button></td>');
  });

  it('labels nothing past a cell drawn by a component of its own, rather than the wrong cells', () => {
    const Cell = (props: { text: string }) => <td>{props.text}</td>;
    const html = String(
      <RowTable
        columns={['A', 'B', 'C']}
        rows={[1]}
        cells={() => (
          <>
            <td>one</td>
            <Cell text="two" />
            <td>three</td>
          </>
        )}
      />,
    );
    expect(html).toContain('<td data-label="A">one</td><td>two</td><td>three</td>');
  });
});
