/**
 * The comments of an Ogg Opus file (the OpusTags header: vendor string, then
 * `KEY=value` entries, little-endian length-prefixed). The offline model cannot
 * recognize speech: it "hears" the TRANSCRIPT comment, which the fixtures carry.
 */
export function opusComments(file: Uint8Array): Record<string, string> {
  const bytes = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  const at = bytes.indexOf('OpusTags');
  if (at < 0) return {};
  const comments: Record<string, string> = {};
  let offset = at + 8;
  const u32 = () => {
    if (offset + 4 > bytes.length) return -1;
    const value = bytes.readUInt32LE(offset);
    offset += 4;
    return value;
  };
  const vendor = u32();
  if (vendor < 0) return {};
  offset += vendor;
  const count = u32();
  for (let index = 0; index < count && index < 256; index += 1) {
    const length = u32();
    if (length < 0 || offset + length > bytes.length) break;
    const entry = bytes.subarray(offset, offset + length).toString('utf8');
    offset += length;
    const equals = entry.indexOf('=');
    if (equals > 0) comments[entry.slice(0, equals).toUpperCase()] = entry.slice(equals + 1);
  }
  return comments;
}
