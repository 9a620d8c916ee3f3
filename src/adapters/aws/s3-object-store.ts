import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import { NotFoundError } from '../../shared/errors.js';
import type { ByteRange, ObjectInfo, ObjectStore } from '../../ports/object-store.js';
import { clientConfig, type AwsClientSettings } from './clients.js';

export class S3ObjectStore implements ObjectStore {
  readonly client: S3Client;
  constructor(settings: AwsClientSettings) {
    this.client = new S3Client(clientConfig(settings));
  }

  async put(bucket: string, key: string, body: Buffer | string, contentType?: string, metadata?: Record<string, string>): Promise<ObjectInfo> {
    const out = await this.client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType, Metadata: metadata }));
    return { bucket, key, size: Buffer.byteLength(body), etag: stripQuotes(out.ETag), contentType, ...(metadata ? { metadata } : {}) };
  }

  /** A GET URL anyone holding it may use until it expires (Twilio fetching a chart). */
  async presignGet(bucket: string, key: string, expiresInSeconds: number): Promise<string> {
    const { getSignedUrl } = await import('@aws-sdk/s3-request-presigner');
    return getSignedUrl(this.client, new GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn: expiresInSeconds });
  }

  async get(bucket: string, key: string): Promise<Buffer> {
    const stream = await this.stream(bucket, key);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
    return Buffer.concat(chunks);
  }

  async stream(bucket: string, key: string, range?: ByteRange): Promise<Readable> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: range ? `bytes=${range.start}-${range.end}` : undefined }));
      return out.Body as Readable;
    } catch (error) {
      throw notFound(error, bucket, key);
    }
  }

  async head(bucket: string, key: string): Promise<ObjectInfo> {
    try {
      const out = await this.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return { bucket, key, size: out.ContentLength ?? 0, etag: stripQuotes(out.ETag), contentType: out.ContentType, lastModified: out.LastModified, ...(out.Metadata && Object.keys(out.Metadata).length ? { metadata: out.Metadata } : {}) };
    } catch (error) {
      throw notFound(error, bucket, key);
    }
  }

  async list(bucket: string, prefix?: string): Promise<ObjectInfo[]> {
    const found: ObjectInfo[] = [];
    let token: string | undefined;
    do {
      const out = await this.client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
      for (const item of out.Contents ?? []) found.push({ bucket, key: item.Key ?? '', size: item.Size ?? 0, etag: stripQuotes(item.ETag), lastModified: item.LastModified });
      token = out.IsTruncated ? out.NextContinuationToken : undefined;
    } while (token);
    return found;
  }

  async delete(bucket: string, key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
  }
}

function stripQuotes(etag: string | undefined): string {
  return (etag ?? '').replace(/"/g, '');
}

function notFound(error: unknown, bucket: string, key: string): unknown {
  const name = (error as { name?: string }).name;
  return name === 'NoSuchKey' || name === 'NotFound' || name === 'NoSuchBucket' ? new NotFoundError(`s3://${bucket}/${key} not found`) : error;
}
