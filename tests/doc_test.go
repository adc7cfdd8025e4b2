// Package tests drives the installed kernel end to end with the Jupyter project's own
// clients: jupyter_kernel_test's conformance suite, jupyter_client scripts for the
// kernel's behaviour (interrupts, crashes, stdin, history, bad input), and
// `jupyter nbconvert --execute` over the example notebooks.
//
// TestMain builds gokernel, installs its kernelspec under a temporary prefix and points
// JUPYTER_PATH at it, so the tests use exactly what `gokernel install` writes. The
// clients come from Debian (jupyter-client, python3-jupyter-kernel-test,
// jupyter-nbconvert) and run with /usr/bin/python3. Without them the tests skip on a
// developer machine and fail under CI, where .ci/run installs them.
package tests
