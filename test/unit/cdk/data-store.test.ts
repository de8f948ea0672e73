import { Stack } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import { describe, it } from "vitest";
import {
  DataStore,
  type DataStoreProps,
} from "../../../cdk/constructs/data-store.ts";

const lifecycle: DataStoreProps = {
  rawInfrequentAccessDays: 30,
  rawGlacierDays: 90,
  noncurrentVersionDays: 90,
};

function synthesize(props: DataStoreProps = lifecycle): Template {
  const stack = new Stack();
  new DataStore(stack, "DataStore", props);
  return Template.fromStack(stack);
}

function denyStatement(condition: Record<string, unknown>) {
  return Match.objectLike({
    Effect: "Deny",
    Action: "s3:*",
    Principal: { AWS: "*" },
    Condition: condition,
  });
}

describe("DataStore", () => {
  it("creates one bucket", () => {
    const template = synthesize();

    template.resourceCountIs("AWS::S3::Bucket", 1);
  });

  it("blocks public access and ACLs", () => {
    const template = synthesize();

    template.hasResourceProperties("AWS::S3::Bucket", {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      OwnershipControls: {
        Rules: [{ ObjectOwnership: "BucketOwnerEnforced" }],
      },
    });
  });

  it("encrypts with S3-managed keys", () => {
    const template = synthesize();

    template.hasResourceProperties("AWS::S3::Bucket", {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          { ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } },
        ],
      },
    });
  });

  it("denies requests without TLS 1.2", () => {
    const template = synthesize();

    template.hasResourceProperties("AWS::S3::BucketPolicy", {
      PolicyDocument: {
        Statement: Match.arrayWith([
          denyStatement({ Bool: { "aws:SecureTransport": "false" } }),
          denyStatement({ NumericLessThan: { "s3:TlsVersion": 1.2 } }),
        ]),
      },
    });
  });

  it("keeps object versions", () => {
    const template = synthesize();

    template.hasResourceProperties("AWS::S3::Bucket", {
      VersioningConfiguration: { Status: "Enabled" },
    });
  });

  it("retains the bucket when the stack is deleted", () => {
    const template = synthesize();

    template.hasResource("AWS::S3::Bucket", {
      DeletionPolicy: "Retain",
      UpdateReplacePolicy: "Retain",
    });
  });

  it("moves raw drops to colder storage", () => {
    const template = synthesize({
      rawInfrequentAccessDays: 45,
      rawGlacierDays: 120,
      noncurrentVersionDays: 90,
    });

    template.hasResourceProperties("AWS::S3::Bucket", {
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          {
            Id: "RawDropsToColderStorage",
            Prefix: "raw/",
            Status: "Enabled",
            Transitions: [
              { StorageClass: "STANDARD_IA", TransitionInDays: 45 },
              { StorageClass: "GLACIER_IR", TransitionInDays: 120 },
            ],
          },
        ]),
      },
    });
  });

  it("expires old versions and incomplete uploads", () => {
    const template = synthesize({ ...lifecycle, noncurrentVersionDays: 14 });

    template.hasResourceProperties("AWS::S3::Bucket", {
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          {
            Id: "ExpireOldVersionsAndUploads",
            Status: "Enabled",
            NoncurrentVersionExpiration: { NoncurrentDays: 14 },
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
          },
        ]),
      },
    });
  });
});
