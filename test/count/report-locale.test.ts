import { describe, expect, it } from 'vitest';
import { createStocktake, defaultReasonCodes } from '../../src/index.js';
import { parseCsv } from '../support/csv.js';
import { at, smallWarehouse } from '../support/world.js';

type Options = Parameters<typeof smallWarehouse>[0];

/** A posted count: A-100 +5 in bin 01 and −5 in bin 02 (a misplacement). */
async function postedCount(options: Options = {}) {
  const { st, clock } = await smallWarehouse({ policies: { tolerance: { byClass: { A: { qty: '10' } } } }, ...options });
  await st.ledger.post({ id: 'rcv-1', kind: 'receipt', occurredAt: at('07:00'), actor: 'wang', lines: [{ sku: 'A-100', to: 'WH1/A/01', qty: '20' }] });
  await st.ledger.post({ id: 'rcv-2', kind: 'receipt', occurredAt: at('07:00'), actor: 'chen', lines: [{ sku: 'A-100', to: 'WH1/A/02', qty: '20' }] });
  const session = await st.counts.open({ name: '<A> & "B"', scope: { locations: ['WH1/A'] }, actor: 'zhao', counters: ['li'] });
  clock.set(at('09:06'));
  await st.counts.record(session.id, { entryId: 'e1', sku: 'A-100', location: 'WH1/A/01', qty: '25', countedAt: at('09:00'), counter: 'li' });
  await st.counts.record(session.id, { entryId: 'e2', sku: 'A-100', location: 'WH1/A/02', qty: '15', countedAt: at('09:05'), counter: 'li' });
  await st.counts.completeLocation(session.id, 'WH1/A/01', { actor: 'li', at: at('09:00') });
  await st.counts.completeLocation(session.id, 'WH1/A/02', { actor: 'li', at: at('09:05') });
  await st.counts.review(session.id, { actor: 'zhao' });
  await st.counts.approve(session.id, { actor: 'zhao', reasons: [{ key: { sku: 'A-100', location: 'WH1/A/02' }, code: 'damage' }] });
  clock.set(at('09:30'));
  await st.counts.post(session.id, { actor: 'sun' });
  return { st, session };
}

describe('reports people can read', () => {
  it('zh-CN Markdown: Chinese headings and labels, posted lines, counted quantities with their unit, localized reason labels', async () => {
    const { st, session } = await postedCount();
    const text = await st.counts.report(session.id, { format: 'markdown', locale: 'zh-CN' });
    expect(text).toMatch(/^# 盘点报告: /);
    expect(text).toContain('| 物料 | 库位 | 账面数量 | 实盘数量 | 差异 | 差异金额 | 状态 | 盘点人 | 说明 | 责任人 | 原因 | 调整单 |');
    expect(text).toContain(`| A-100 | WH1/A/01 | 20 ea | 25 ea | 5 | 12.5 | 已过账 | li | 很可能是错放库位: 同等数量在 WH1/A/02 短少 (85 %) | wang, chen | misplaced – 错放在其他库位 | ${session.id}:A-100@WH1/A/01 |`);
    expect(text).toContain('damage – 损坏或变质报废');
    expect(text).toContain('## 合计');
    expect(text).toContain('| 状态 | 已过账 (第 1 轮) |');
    expect(text).toContain('| 方式 / 目的 | 全盘 / 常规 |');
    // English stays the default.
    expect(await st.counts.report(session.id, { format: 'markdown' })).toBe(await st.counts.report(session.id, { format: 'markdown', locale: 'en' }));
  });

  it('zh-CN CSV: Chinese column headings; the data columns stay machine-readable', async () => {
    const { st, session } = await postedCount();
    const rows = parseCsv(await st.counts.report(session.id, { format: 'csv', locale: 'zh-CN' }));
    expect(rows[0]).toEqual(expect.arrayContaining(['账面数量', '实盘数量', '差异', '差异金额', '原因', '责任人', '过账', '说明']));
    const row = Object.fromEntries(rows[0]!.map((name, index) => [name, rows[1]![index]]));
    expect(row).toMatchObject({ 物料编码: 'A-100', 实盘数量: '25', 差异: '5', 差异金额: '12.5', 过账: 'posted', 原因: '错放在其他库位', 原因代码: 'misplaced' });
  });

  it('HTML prints on A4 in either language, with every text escaped', async () => {
    const { st, session } = await postedCount();
    const en = await st.counts.report(session.id, { format: 'html' });
    expect(en).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
    expect(en).toContain('@page { size: A4;');
    expect(en).toContain('<h1>Count report: &lt;A&gt; &amp; &quot;B&quot;</h1>');
    expect(en).not.toContain('<A>');
    expect(en).toContain('<td>posted</td>');
    const zh = await st.counts.report(session.id, { format: 'html', locale: 'zh-CN' });
    expect(zh).toContain('<html lang="zh-CN">');
    expect(zh).toContain('<th class="num">账面数量</th><th class="num">实盘数量</th><th class="num">差异</th><th class="num">差异金额</th>');
    expect(zh).toContain('<td>已过账</td>');
  });

  it('callers add labels of their own reason codes per locale', async () => {
    const reasonCodes = [...defaultReasonCodes.filter((code) => code.code !== 'damage'), { code: 'damage', label: 'Broken', sign: 'loss' as const, labels: { 'zh-CN': '破损' } }];
    const { st, session } = await postedCount({ policies: { tolerance: { byClass: { A: { qty: '10' } } }, reasonCodes } });
    expect(await st.counts.report(session.id, { format: 'markdown', locale: 'zh-CN' })).toContain('damage – 破损');
    expect(await st.counts.report(session.id, { format: 'markdown' })).toContain('damage – Broken');
    expect(defaultReasonCodes.every((code) => code.labels?.['zh-CN'] !== undefined)).toBe(true);
    expect(() => createStocktake({ policies: { reasonCodes: [{ code: 'x', label: 'X', sign: 'loss', labels: { 'not a locale': 'y' } }] } })).toThrow(
      expect.objectContaining({ code: 'invalid_input', path: ['options', 'policies', 'reasonCodes', 0, 'labels', 'not a locale'] }),
    );
  });

  it('explains an ambiguous line in words: which movement, when, inside which window', async () => {
    const { st, clock } = await smallWarehouse();
    await st.ledger.post({ id: 'rcv-1', kind: 'receipt', occurredAt: at('07:00'), actor: 'wang', lines: [{ sku: 'A-100', to: 'WH1/A/01', qty: '100' }] });
    const session = await st.counts.open({ scope: { locations: ['WH1/A/01'] }, actor: 'zhao', counters: ['li', 'chen'] });
    clock.set(at('09:10'));
    await st.counts.record(session.id, { entryId: 'e1', sku: 'A-100', location: 'WH1/A/01', qty: '60', countedAt: at('09:00'), counter: 'li' });
    await st.counts.record(session.id, { entryId: 'e2', sku: 'A-100', location: 'WH1/A/01', qty: '35', countedAt: at('09:10'), counter: 'li' });
    await st.ledger.post({ id: 'pick-1', kind: 'issue', occurredAt: at('09:05'), actor: 'wang', lines: [{ sku: 'A-100', from: 'WH1/A/01', qty: '5' }] });
    await st.counts.completeLocation(session.id, 'WH1/A/01', { actor: 'li', at: at('09:10') });
    await st.counts.review(session.id);
    const text = await st.counts.report(session.id, { format: 'markdown' });
    expect(text).toContain(`movement pick-1 at ${at('09:05')} dated inside the count window of round 1 (${at('09:00')} to ${at('09:10')}), so that count could not be used`);
    expect(await st.counts.report(session.id, { format: 'markdown', locale: 'zh-CN' })).toContain(`单据 pick-1（${at('09:05')}）的日期落在第 1 轮盘点时段内`);
  });

  it('refuses an unknown locale or format with the path', async () => {
    const { st, session } = await postedCount();
    await expect(st.counts.report(session.id, { format: 'markdown', locale: 'fr' as 'en' })).rejects.toMatchObject({ code: 'invalid_input', path: ['options', 'locale'] });
    await expect(st.counts.report(session.id, { format: 'pdf' as 'html' })).rejects.toMatchObject({ code: 'invalid_input', path: ['options', 'format'] });
  });
});
