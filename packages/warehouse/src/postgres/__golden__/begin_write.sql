BEGIN; SET LOCAL jit = off
