import { Duration, RemovalPolicy } from "aws-cdk-lib";
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  ObjectOwnership,
  StorageClass,
} from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";

/** Key prefix of the order exports that shops drop into the lake bucket. */
export const RAW_PREFIX = "raw/";

/** Lifecycle of the lake bucket, validated by readStackConfig. */
export interface DataStoreProps {
  /** Days after upload when raw/ drops move to S3 Standard-IA. */
  readonly rawInfrequentAccessDays: number;
  /** Days after upload when raw/ drops move to Glacier Instant Retrieval. */
  readonly rawGlacierDays: number;
  /** Days that S3 keeps an overwritten or deleted object version. */
  readonly noncurrentVersionDays: number;
}

/**
 * Lake bucket that contains every prefix of the lake layout: raw/ drops, the
 * curated lake, quarantine, datasets, models, scores, audiences and reports.
 *
 * The bucket blocks public access, disables ACLs, denies requests without
 * TLS 1.2 or later, encrypts with S3-managed keys and keeps object versions,
 * so an overwritten or deleted drop can be restored. Deleting the stack
 * leaves the bucket and its data in place.
 *
 * NOTE: server access logging is off, so cdk-nag's AwsSolutions-S1 rule
 * flags this bucket until a log bucket is added or the exception recorded.
 */
export class DataStore extends Construct {
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: DataStoreProps) {
    super(scope, id);

    this.bucket = new Bucket(this, "LakeBucket", {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      encryption: BucketEncryption.S3_MANAGED,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          id: "RawDropsToColderStorage",
          prefix: RAW_PREFIX,
          // Drops are read once at ingestion and again only to re-ingest.
          transitions: [
            {
              storageClass: StorageClass.INFREQUENT_ACCESS,
              transitionAfter: Duration.days(props.rawInfrequentAccessDays),
            },
            {
              storageClass: StorageClass.GLACIER_INSTANT_RETRIEVAL,
              transitionAfter: Duration.days(props.rawGlacierDays),
            },
          ],
        },
        {
          id: "ExpireOldVersionsAndUploads",
          noncurrentVersionExpiration: Duration.days(
            props.noncurrentVersionDays,
          ),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
    });
  }
}
