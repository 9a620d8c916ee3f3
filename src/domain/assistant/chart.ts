import * as z from '../../shared/zod.js';
import { formatBrl } from '../format.js';

/** A bar chart a reply carries (rendered when the reply is sent), as the assistant's states pass it along. */
export const chartSpec = z.object({ title: z.string().check(z.maxLength(200)), bars: z.array(z.object({ label: z.string().check(z.maxLength(100)), value: z.number() })).check(z.maxLength(50)) });
export type ChartSpec = z.infer<typeof chartSpec>;

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const COLORS = ['#2563eb', '#16a34a', '#ea580c', '#9333ea', '#dc2626', '#0891b2', '#ca8a04', '#db2777', '#4b5563'];

/**
 * A horizontal bar chart as SVG (one bar per category, largest first, its value in
 * reais at the end of the bar, the total under the title): what the WhatsApp reply
 * to "resumo do mês" carries as a PNG. Pure: the renderer turns it into pixels.
 */
export function barChartSvg(chart: ChartSpec): string {
  const bars = [...chart.bars].filter((bar) => bar.value > 0).sort((a, b) => b.value - a.value).slice(0, 12);
  const width = 720;
  const left = 170;
  const right = 150;
  const top = 92;
  const row = 44;
  const height = top + Math.max(1, bars.length) * row + 28;
  const max = Math.max(...bars.map((bar) => bar.value), 1);
  const total = bars.reduce((sum, bar) => sum + bar.value, 0);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="24" y="40" font-size="24" font-weight="bold" fill="#111827">${escape(chart.title)}</text>`,
    `<text x="24" y="70" font-size="16" fill="#4b5563">Total: ${escape(formatBrl(total))}</text>`,
  ];
  bars.forEach((bar, index) => {
    const y = top + index * row;
    const length = Math.max(2, Math.round(((width - left - right) * bar.value) / max));
    parts.push(
      `<text x="${left - 12}" y="${y + 22}" font-size="16" text-anchor="end" fill="#111827">${escape(bar.label)}</text>`,
      `<rect x="${left}" y="${y + 4}" width="${length}" height="26" rx="3" fill="${COLORS[index % COLORS.length]}"/>`,
      `<text x="${left + length + 8}" y="${y + 22}" font-size="15" fill="#111827">${escape(formatBrl(bar.value))}</text>`,
    );
  });
  if (bars.length === 0) parts.push(`<text x="24" y="${top + 22}" font-size="16" fill="#4b5563">Nenhum gasto no período.</text>`);
  parts.push('</svg>');
  return parts.join('');
}
