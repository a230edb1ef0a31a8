import ExcelJS from 'exceljs';
for (const [f, sheet] of [['/tmp/try/hecvat-out.xlsx', 'Organization'], ['/tmp/try/caiq-out.xlsx', 'CAIQv4.0.3']]) {
  const wb = new ExcelJS.Workbook(); await wb.xlsx.readFile(f);
  const ws = wb.getWorksheet(sheet);
  console.log(f);
  ws.eachRow((row, n) => console.log(n, row.values.slice(1).map((v) => String(typeof v === 'object' && v ? (v.result ?? JSON.stringify(v)) : v ?? '').slice(0, 40)).join(' | ')));
}
