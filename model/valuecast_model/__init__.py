"""Train valuecast's customer lifetime value model and export it to ONNX.

The package reads the dataset tensors that the TypeScript dataset builder
writes (one folder per split) and writes the model package: model.onnx,
model.json and model.pt. The layout of both is fixed in docs/contracts.md.
"""
