import { App, Token } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { DEFAULT_STACK_CONFIG } from "../../../cdk/config.ts";
import { ValuecastStack } from "../../../cdk/valuecast-stack.ts";

function createStack(config = DEFAULT_STACK_CONFIG): ValuecastStack {
  return new ValuecastStack(new App(), config.stackName, { config });
}

describe("ValuecastStack", () => {
  it("is environment-agnostic", () => {
    const stack = createStack();

    expect(Token.isUnresolved(stack.account)).toBe(true);
    expect(Token.isUnresolved(stack.region)).toBe(true);
  });

  it("contains only the data store", () => {
    const template = Template.fromStack(createStack());

    template.resourceCountIs("AWS::S3::Bucket", 1);
    template.resourceCountIs("AWS::S3::BucketPolicy", 1);
    template.resourceCountIs("AWS::Lambda::Function", 0);
  });

  it("outputs the lake bucket name", () => {
    const stack = createStack();

    const template = Template.fromStack(stack);

    template.hasOutput("LakeBucketName", {
      Value: stack.resolve(stack.dataStore.bucket.bucketName),
    });
  });

  it("passes the configuration to the bucket", () => {
    const stack = createStack({
      ...DEFAULT_STACK_CONFIG,
      stackName: "Valuecast-Test",
      noncurrentVersionDays: 21,
    });

    const template = Template.fromStack(stack);

    expect(stack.stackName).toBe("Valuecast-Test");
    template.hasResourceProperties("AWS::S3::Bucket", {
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({
            NoncurrentVersionExpiration: { NoncurrentDays: 21 },
          }),
        ]),
      },
    });
  });
});
