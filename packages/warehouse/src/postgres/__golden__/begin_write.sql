BEGIN; SET LOCAL jit = off; SET LOCAL work_mem = '64MB'
