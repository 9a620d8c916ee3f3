import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { initWasm, Resvg } from '@resvg/resvg-wasm';
import { environment } from '../../shared/config.js';

/** The files the renderer loads at run time (the Lambda artifact ships them: serverless.yml, assistant_send_reply). */
export const CHART_ASSETS = ['node_modules/@resvg/resvg-wasm/index_bg.wasm', 'node_modules/dejavu-fonts-ttf/ttf/DejaVuSans.ttf'] as const;

/** The first folder, from this module's up to the root (or the Lambda task root), that holds `relative`. */
function locate(relative: string): string {
  const starts = [path.dirname(fileURLToPath(import.meta.url)), environment().LAMBDA_TASK_ROOT, process.cwd()].filter((start): start is string => Boolean(start));
  for (const start of starts) {
    for (let dir = start; ; dir = path.dirname(dir)) {
      const candidate = path.join(dir, relative);
      if (existsSync(candidate)) return candidate;
      if (path.dirname(dir) === dir) break;
    }
  }
  throw new Error(`chart renderer: ${relative} is not shipped with this function`);
}

let ready: Promise<Buffer> | undefined;

/** The wasm module initialised once per process, and the font (DejaVu Sans: Portuguese accents, R$). */
function load(): Promise<Buffer> {
  ready ??= (async () => {
    const [wasm, font] = await Promise.all(CHART_ASSETS.map((relative) => readFile(locate(relative))));
    await initWasm(wasm as Buffer);
    return font as Buffer;
  })().catch((error: unknown) => {
    ready = undefined;
    throw error;
  });
  return ready;
}

/**
 * SVG -> PNG with resvg compiled to WebAssembly: no native binary (the same file on
 * x86_64 and arm64 Lambdas, nothing to build at install), no system fonts needed.
 * Loaded on the first chart only, so a reply without one pays nothing.
 */
export async function renderPng(svg: string, scale = 1.5): Promise<Uint8Array> {
  const font = await load();
  const resvg = new Resvg(svg, { font: { fontBuffers: [font], loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' }, fitTo: { mode: 'zoom', value: scale } });
  return resvg.render().asPng();
}
