import { CfnOutput, Stack, type StackProps } from "aws-cdk-lib";
import type { Construct } from "constructs";
import type { StackConfig } from "./config.ts";
import { DataStore } from "./constructs/data-store.ts";

export interface ValuecastStackProps extends StackProps {
  readonly config: StackConfig;
}

/**
 * The valuecast deployment. It sets no account or region, so it synthesizes
 * without AWS credentials and deploys to the environment of the CLI profile.
 */
export class ValuecastStack extends Stack {
  readonly dataStore: DataStore;

  constructor(scope: Construct, id: string, props: ValuecastStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.dataStore = new DataStore(this, "DataStore", {
      rawInfrequentAccessDays: config.rawInfrequentAccessDays,
      rawGlacierDays: config.rawGlacierDays,
      noncurrentVersionDays: config.noncurrentVersionDays,
    });

    new CfnOutput(this, "LakeBucketName", {
      description: "Lake bucket. Drop order exports under raw/orders/.",
      value: this.dataStore.bucket.bucketName,
    });
  }
}
