import type { Readable } from 'node:stream';

export interface ObjectInfo {
  bucket: string;
  key: string;
  size: number;
  etag: string;
  contentType?: string;
  lastModified?: Date;
  /** User-defined metadata (S3's `x-amz-meta-*`, keys lower case without the prefix), as `head` returns it. */
  metadata?: Record<string, string>;
}

/** Byte range, both ends inclusive, as in HTTP `Range: bytes=start-end`. */
export interface ByteRange {
  start: number;
  end: number;
}

/** S3 on AWS, a folder locally. */
export interface ObjectStore {
  put(bucket: string, key: string, body: Buffer | string, contentType?: string, metadata?: Record<string, string>): Promise<ObjectInfo>;
  get(bucket: string, key: string): Promise<Buffer>;
  /** Streams the object (or a range of it) without loading it whole. */
  stream(bucket: string, key: string, range?: ByteRange): Promise<Readable>;
  /** Throws NotFoundError when the object does not exist. */
  head(bucket: string, key: string): Promise<ObjectInfo>;
  list(bucket: string, prefix?: string): Promise<ObjectInfo[]>;
  /** Removes the object; removing one that is not there is not an error (as in S3). */
  delete(bucket: string, key: string): Promise<void>;
}
