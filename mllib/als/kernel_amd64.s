//go:build amd64 && !purego

#include "textflag.h"

// AVX2+FMA kernels for factor vectors whose length is a positive multiple of
// 8. The Go side checks the CPU and the lengths before calling them.

// func dotAVX2(x, y *float32, n int) float32
TEXT ·dotAVX2(SB), NOSPLIT, $0-28
	MOVQ x+0(FP), SI
	MOVQ y+8(FP), DI
	MOVQ n+16(FP), CX
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	XORQ AX, AX

dot32:
	LEAQ 32(AX), DX
	CMPQ DX, CX
	JG   dot8
	VMOVUPS (SI)(AX*4), Y4
	VMOVUPS 32(SI)(AX*4), Y5
	VMOVUPS 64(SI)(AX*4), Y6
	VMOVUPS 96(SI)(AX*4), Y7
	VFMADD231PS (DI)(AX*4), Y4, Y0
	VFMADD231PS 32(DI)(AX*4), Y5, Y1
	VFMADD231PS 64(DI)(AX*4), Y6, Y2
	VFMADD231PS 96(DI)(AX*4), Y7, Y3
	MOVQ DX, AX
	JMP  dot32

dot8:
	CMPQ AX, CX
	JGE  dotsum
	VMOVUPS (SI)(AX*4), Y4
	VFMADD231PS (DI)(AX*4), Y4, Y0
	ADDQ $8, AX
	JMP  dot8

dotsum:
	VADDPS Y1, Y0, Y0
	VADDPS Y3, Y2, Y2
	VADDPS Y2, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPS X1, X0, X0
	VHADDPS X0, X0, X0
	VHADDPS X0, X0, X0
	VZEROUPPER
	MOVSS X0, ret+24(FP)
	RET

// func axpyAVX2(a float32, x, y *float32, n int)
TEXT ·axpyAVX2(SB), NOSPLIT, $0-32
	VBROADCASTSS a+0(FP), Y0
	MOVQ x+8(FP), SI
	MOVQ y+16(FP), DI
	MOVQ n+24(FP), CX
	XORQ AX, AX

axpy32:
	LEAQ 32(AX), DX
	CMPQ DX, CX
	JG   axpy8
	VMOVUPS (DI)(AX*4), Y1
	VMOVUPS 32(DI)(AX*4), Y2
	VMOVUPS 64(DI)(AX*4), Y3
	VMOVUPS 96(DI)(AX*4), Y4
	VFMADD231PS (SI)(AX*4), Y0, Y1
	VFMADD231PS 32(SI)(AX*4), Y0, Y2
	VFMADD231PS 64(SI)(AX*4), Y0, Y3
	VFMADD231PS 96(SI)(AX*4), Y0, Y4
	VMOVUPS Y1, (DI)(AX*4)
	VMOVUPS Y2, 32(DI)(AX*4)
	VMOVUPS Y3, 64(DI)(AX*4)
	VMOVUPS Y4, 96(DI)(AX*4)
	MOVQ DX, AX
	JMP  axpy32

axpy8:
	CMPQ AX, CX
	JGE  axpydone
	VMOVUPS (DI)(AX*4), Y1
	VFMADD231PS (SI)(AX*4), Y0, Y1
	VMOVUPS Y1, (DI)(AX*4)
	ADDQ $8, AX
	JMP  axpy8

axpydone:
	VZEROUPPER
	RET

// func rowAVX2(src *float32, f int, cols *int32, n int, vals, p, out *float32, a, b float32)
//
// For k < n, with y = src[cols[k]*f:][:f], c = vals[k] and s = y·p:
// out += (a*(1+c) + b*c*s) * y.
//
// Nonzeros go two at a time: the two dot products are independent, so
// interleaving them hides the FMA and horizontal-sum latency that bounds a
// single row, and out is loaded and stored once per pair. Each row's
// arithmetic is the same as one at a time, so the result is too.
TEXT ·rowAVX2(SB), NOSPLIT, $0-64
	MOVQ src+0(FP), R8
	MOVQ f+8(FP), CX
	MOVQ cols+16(FP), R9
	MOVQ n+24(FP), R10
	MOVQ vals+32(FP), R11
	MOVQ p+40(FP), DI
	MOVQ out+48(FP), BX
	VBROADCASTSS a+56(FP), Y14
	VBROADCASTSS b+60(FP), Y15
	MOVQ CX, R12
	SHLQ $2, R12
	XORQ R13, R13

pair:
	LEAQ 2(R13), DX
	CMPQ DX, R10
	JG   single
	MOVLQSX (R9)(R13*4), SI
	IMULQ R12, SI
	ADDQ R8, SI
	MOVLQSX 4(R9)(R13*4), R14
	IMULQ R12, R14
	ADDQ R8, R14

	// Prefetch the next pair's rows: rows are scattered, so the hardware
	// prefetcher cannot guess them.
	LEAQ 4(R13), DX
	CMPQ DX, R10
	JG   pairdot
	MOVLQSX 8(R9)(R13*4), R15
	IMULQ R12, R15
	ADDQ R8, R15
	MOVLQSX 12(R9)(R13*4), AX
	IMULQ R12, AX
	ADDQ R8, AX
	XORQ DX, DX

pairpf:
	PREFETCHT0 (R15)(DX*1)
	PREFETCHT0 (AX)(DX*1)
	ADDQ $64, DX
	CMPQ DX, R12
	JL   pairpf

pairdot:
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	XORQ AX, AX

pd16:
	LEAQ 16(AX), DX
	CMPQ DX, CX
	JG   pd8
	VMOVUPS (DI)(AX*4), Y8
	VMOVUPS 32(DI)(AX*4), Y9
	VFMADD231PS (SI)(AX*4), Y8, Y0
	VFMADD231PS 32(SI)(AX*4), Y9, Y1
	VFMADD231PS (R14)(AX*4), Y8, Y2
	VFMADD231PS 32(R14)(AX*4), Y9, Y3
	MOVQ DX, AX
	JMP  pd16

pd8:
	CMPQ AX, CX
	JGE  paircoef
	VMOVUPS (DI)(AX*4), Y8
	VFMADD231PS (SI)(AX*4), Y8, Y0
	VFMADD231PS (R14)(AX*4), Y8, Y2

paircoef:
	VADDPS Y1, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPS X1, X0, X0
	VHADDPS X0, X0, X0
	VHADDPS X0, X0, X0
	VADDPS Y3, Y2, Y2
	VEXTRACTF128 $1, Y2, X3
	VADDPS X3, X2, X2
	VHADDPS X2, X2, X2
	VHADDPS X2, X2, X2

	VBROADCASTSS X0, Y5
	VBROADCASTSS (R11)(R13*4), Y4
	VMULPS Y4, Y5, Y5
	VMULPS Y15, Y5, Y5
	VMULPS Y14, Y4, Y6
	VADDPS Y14, Y6, Y6
	VADDPS Y6, Y5, Y5

	VBROADCASTSS X2, Y7
	VBROADCASTSS 4(R11)(R13*4), Y4
	VMULPS Y4, Y7, Y7
	VMULPS Y15, Y7, Y7
	VMULPS Y14, Y4, Y6
	VADDPS Y14, Y6, Y6
	VADDPS Y6, Y7, Y7
	XORQ AX, AX

pa16:
	LEAQ 16(AX), DX
	CMPQ DX, CX
	JG   pa8
	VMOVUPS (BX)(AX*4), Y2
	VMOVUPS 32(BX)(AX*4), Y3
	VFMADD231PS (SI)(AX*4), Y5, Y2
	VFMADD231PS 32(SI)(AX*4), Y5, Y3
	VFMADD231PS (R14)(AX*4), Y7, Y2
	VFMADD231PS 32(R14)(AX*4), Y7, Y3
	VMOVUPS Y2, (BX)(AX*4)
	VMOVUPS Y3, 32(BX)(AX*4)
	MOVQ DX, AX
	JMP  pa16

pa8:
	CMPQ AX, CX
	JGE  pairnext
	VMOVUPS (BX)(AX*4), Y2
	VFMADD231PS (SI)(AX*4), Y5, Y2
	VFMADD231PS (R14)(AX*4), Y7, Y2
	VMOVUPS Y2, (BX)(AX*4)

pairnext:
	ADDQ $2, R13
	JMP  pair

single:
	CMPQ R13, R10
	JGE  end
	MOVLQSX (R9)(R13*4), SI
	IMULQ R12, SI
	ADDQ R8, SI
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	XORQ AX, AX

dot16:
	LEAQ 16(AX), DX
	CMPQ DX, CX
	JG   dot8
	VMOVUPS (SI)(AX*4), Y2
	VMOVUPS 32(SI)(AX*4), Y3
	VFMADD231PS (DI)(AX*4), Y2, Y0
	VFMADD231PS 32(DI)(AX*4), Y3, Y1
	MOVQ DX, AX
	JMP  dot16

dot8:
	CMPQ AX, CX
	JGE  coef
	VMOVUPS (SI)(AX*4), Y2
	VFMADD231PS (DI)(AX*4), Y2, Y0

coef:
	VADDPS Y1, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPS X1, X0, X0
	VHADDPS X0, X0, X0
	VHADDPS X0, X0, X0
	VBROADCASTSS X0, Y5
	VBROADCASTSS (R11)(R13*4), Y4
	VMULPS Y4, Y5, Y5
	VMULPS Y15, Y5, Y5
	VMULPS Y14, Y4, Y6
	VADDPS Y14, Y6, Y6
	VADDPS Y6, Y5, Y5
	XORQ AX, AX

ax16:
	LEAQ 16(AX), DX
	CMPQ DX, CX
	JG   ax8
	VMOVUPS (BX)(AX*4), Y2
	VMOVUPS 32(BX)(AX*4), Y3
	VFMADD231PS (SI)(AX*4), Y5, Y2
	VFMADD231PS 32(SI)(AX*4), Y5, Y3
	VMOVUPS Y2, (BX)(AX*4)
	VMOVUPS Y3, 32(BX)(AX*4)
	MOVQ DX, AX
	JMP  ax16

ax8:
	CMPQ AX, CX
	JGE  end
	VMOVUPS (BX)(AX*4), Y2
	VFMADD231PS (SI)(AX*4), Y5, Y2
	VMOVUPS Y2, (BX)(AX*4)

end:
	VZEROUPPER
	RET

// func rowAVX512(src *float32, f int, cols *int32, n int, vals, p, out *float32, a, b float32)
//
// The same update as rowAVX2, for f a multiple of 16 up to 128, with p and
// out held in ZMM registers for the whole row (out is loaded once and stored
// once) and each y row loaded once into registers, then used for both its dot
// product and its axpy. Up to f=96 the nonzeros go two at a time: the two dot
// products are independent, so interleaving them hides the FMA latency, and
// their horizontal sums share their shuffles. At f=112 and 128, p, out and
// one y take 24 of the 32 registers, so nonzeros go one at a time, with four
// dot accumulators; a pair with the second y read from memory twice measured
// no faster at f=128. A dot product is summed in a slightly different order
// in a pair than alone (the odd nonzero at the end of a row), but which one
// is fixed by the nonzero's place in the row, so results are deterministic.
//
// There is one block of code per f (r16 ... r128), built from the macros
// below; only the register lists differ. Registers:
//
//	R8 src, R9 cols, R10 n, R11 vals, DI p, BX out, R12 f*4 (bytes a row),
//	R13 k, CX n-1, SI and R14 the rows of nonzeros k and k+1, AX and DX the
//	rows being prefetched.
//	Z0-Z3 dot accumulators, then coefficients; X4 a and X5 b, broadcast;
//	from Z6 up p, out and y, as listed before each block.

// PFD is how many nonzeros ahead the rows are prefetched: rows are scattered,
// so the hardware prefetcher cannot guess them. With the rows in DRAM
// (BenchmarkRowCold), 2 ahead took 28 and 49 ns per nonzero at f=64 and
// 128, 8 ahead 12.5 and 22, 12 ahead 10 and 19, and 16 ahead no less. The
// first PFD nonzeros of a row are not prefetched.
#define PFD 12

// ROWAT sets the register r from cols[r] to the address of that row of src.
#define ROWAT(r) \
	MOVLQSX (R9)(r*4), r; \
	IMULQ   R12, r; \
	ADDQ    R8, r

// ROWK sets r to the address of the row of nonzero k + off/4.
#define ROWK(off, r) \
	MOVLQSX off(R9)(R13*4), r; \
	IMULQ   R12, r; \
	ADDQ    R8, r

// PAIRNEXT jumps to one unless nonzeros k and k+1 exist; else it sets SI and
// R14 to their rows, AX and DX to the rows PFD ahead (clamped to the last
// nonzero, so cols is never read past its end) and zeroes the accumulators.
#define PAIRNEXT(one) \
	LEAQ    2(R13), DX; \
	CMPQ    DX, R10; \
	JGT     one; \
	ROWK(0, SI); \
	ROWK(4, R14); \
	LEAQ    PFD(R13), AX; \
	CMPQ    AX, CX; \
	CMOVQGT CX, AX; \
	ROWAT(AX); \
	LEAQ    (PFD+1)(R13), DX; \
	CMPQ    DX, CX; \
	CMOVQGT CX, DX; \
	ROWAT(DX); \
	VXORPS  X0, X0, X0; \
	VXORPS  X1, X1, X1; \
	VXORPS  X2, X2, X2; \
	VXORPS  X3, X3, X3

// ONE sets SI to the row of nonzero k and zeroes its accumulators Z0 and Z2.
#define ONE \
	ROWK(0, SI); \
	VXORPS X0, X0, X0; \
	VXORPS X2, X2, X2

// ONENEXT is ONE plus AX for the row PFD ahead and Z1, Z3 zeroed too.
#define ONENEXT \
	ROWK(0, SI); \
	LEAQ    PFD(R13), AX; \
	CMPQ    AX, CX; \
	CMOVQGT CX, AX; \
	ROWAT(AX); \
	VXORPS  X0, X0, X0; \
	VXORPS  X1, X1, X1; \
	VXORPS  X2, X2, X2; \
	VXORPS  X3, X3, X3

// DOT2 loads the i-th 16 floats of both rows into y1 and y2 and adds their
// products with p (16 floats) to the accumulators a1 and a2.
#define DOT2(i, p, y1, y2, a1, a2) \
	VMOVUPS     (i*64)(SI), y1; \
	VMOVUPS     (i*64)(R14), y2; \
	VFMADD231PS p, y1, a1; \
	VFMADD231PS p, y2, a2

#define DOT1(i, p, y, a) \
	VMOVUPS     (i*64)(SI), y; \
	VFMADD231PS p, y, a

#define PREFETCH2(i) \
	PREFETCHT0 (i*64)(AX); \
	PREFETCHT0 (i*64)(DX)

#define PREFETCH1(i) \
	PREFETCHT0 (i*64)(AX)

// COEF2 sums the accumulators Z0+Z2 (nonzero k) and Z1+Z3 (k+1) to s1 and s2,
// the two reductions sharing their shuffles, and leaves the coefficients
// a*(1+c) + b*c*s of the two nonzeros broadcast in Z0 and Z1, computed in
// the same order as rowAVX2 does.
#define COEF2 \
	VADDPS        Z2, Z0, Z0; \
	VADDPS        Z3, Z1, Z1; \
	VEXTRACTF64X4 $1, Z0, Y2; \
	VEXTRACTF64X4 $1, Z1, Y3; \
	VADDPS        Y2, Y0, Y0; \
	VADDPS        Y3, Y1, Y1; \
	VHADDPS       Y1, Y0, Y0; \
	VEXTRACTF128  $1, Y0, X1; \
	VADDPS        X1, X0, X0; \
	VHADDPS       X0, X0, X0; \
	VMOVSD        (R11)(R13*4), X1; \
	VMULPS        X1, X0, X0; \
	VMULPS        X5, X0, X0; \
	VMULPS        X4, X1, X1; \
	VADDPS        X4, X1, X1; \
	VADDPS        X1, X0, X0; \
	VMOVSHDUP     X0, X1; \
	VBROADCASTSS  X0, Z0; \
	VBROADCASTSS  X1, Z1

// COEF1 is COEF2 for nonzero k alone, with partial sums in Z0 and Z2.
#define COEF1 \
	VADDPS        Z2, Z0, Z0; \
	VEXTRACTF64X4 $1, Z0, Y1; \
	VADDPS        Y1, Y0, Y0; \
	VEXTRACTF128  $1, Y0, X1; \
	VADDPS        X1, X0, X0; \
	VHADDPS       X0, X0, X0; \
	VHADDPS       X0, X0, X0; \
	VMOVSS        (R11)(R13*4), X1; \
	VMULPS        X1, X0, X0; \
	VMULPS        X5, X0, X0; \
	VMULPS        X4, X1, X1; \
	VADDPS        X4, X1, X1; \
	VADDPS        X1, X0, X0; \
	VBROADCASTSS  X0, Z0

// AXPY2 adds the two nonzeros' coef*y to out's 16 floats in o.
#define AXPY2(y1, y2, o) \
	VFMADD231PS y1, Z0, o; \
	VFMADD231PS y2, Z1, o

#define AXPY1(y, o) \
	VFMADD231PS y, Z0, o

TEXT ·rowAVX512(SB), NOSPLIT, $0-64
	MOVQ src+0(FP), R8
	MOVQ f+8(FP), AX
	MOVQ cols+16(FP), R9
	MOVQ n+24(FP), R10
	MOVQ vals+32(FP), R11
	MOVQ p+40(FP), DI
	MOVQ out+48(FP), BX
	VBROADCASTSS a+56(FP), X4
	VBROADCASTSS b+60(FP), X5
	MOVQ AX, R12
	SHLQ $2, R12
	LEAQ -1(R10), CX
	XORQ R13, R13
	CMPQ AX, $64
	JEQ  r64
	CMPQ AX, $128
	JEQ  r128
	CMPQ AX, $16
	JEQ  r16
	CMPQ AX, $32
	JEQ  r32
	CMPQ AX, $48
	JEQ  r48
	CMPQ AX, $80
	JEQ  r80
	CMPQ AX, $96
	JEQ  r96
	CMPQ AX, $112
	JEQ  r112
	VZEROUPPER
	RET

// f=16: p in Z6-Z6, out in Z7-Z7, y in Z8-Z8, the pair's second y in Z9-Z9.
r16:
	VMOVUPS (0*64)(DI), Z6
	VMOVUPS (0*64)(BX), Z7

r16pair:
	PAIRNEXT(r16one)
	DOT2(0, Z6, Z8, Z9, Z0, Z1)
	PREFETCH2(0)
	COEF2
	AXPY2(Z8, Z9, Z7)
	ADDQ $2, R13
	JMP  r16pair

r16one:
	CMPQ R13, R10
	JGE  r16end
	ONE
	DOT1(0, Z6, Z8, Z0)
	COEF1
	AXPY1(Z8, Z7)

r16end:
	VMOVUPS Z7, (0*64)(BX)
	VZEROUPPER
	RET

// f=32: p in Z6-Z7, out in Z8-Z9, y in Z10-Z11, the pair's second y in Z12-Z13.
r32:
	VMOVUPS (0*64)(DI), Z6
	VMOVUPS (1*64)(DI), Z7
	VMOVUPS (0*64)(BX), Z8
	VMOVUPS (1*64)(BX), Z9

r32pair:
	PAIRNEXT(r32one)
	DOT2(0, Z6, Z10, Z12, Z0, Z1)
	DOT2(1, Z7, Z11, Z13, Z2, Z3)
	PREFETCH2(0)
	PREFETCH2(1)
	COEF2
	AXPY2(Z10, Z12, Z8)
	AXPY2(Z11, Z13, Z9)
	ADDQ $2, R13
	JMP  r32pair

r32one:
	CMPQ R13, R10
	JGE  r32end
	ONE
	DOT1(0, Z6, Z10, Z0)
	DOT1(1, Z7, Z11, Z2)
	COEF1
	AXPY1(Z10, Z8)
	AXPY1(Z11, Z9)

r32end:
	VMOVUPS Z8, (0*64)(BX)
	VMOVUPS Z9, (1*64)(BX)
	VZEROUPPER
	RET

// f=48: p in Z6-Z8, out in Z9-Z11, y in Z12-Z14, the pair's second y in Z15-Z17.
r48:
	VMOVUPS (0*64)(DI), Z6
	VMOVUPS (1*64)(DI), Z7
	VMOVUPS (2*64)(DI), Z8
	VMOVUPS (0*64)(BX), Z9
	VMOVUPS (1*64)(BX), Z10
	VMOVUPS (2*64)(BX), Z11

r48pair:
	PAIRNEXT(r48one)
	DOT2(0, Z6, Z12, Z15, Z0, Z1)
	DOT2(1, Z7, Z13, Z16, Z2, Z3)
	DOT2(2, Z8, Z14, Z17, Z0, Z1)
	PREFETCH2(0)
	PREFETCH2(1)
	PREFETCH2(2)
	COEF2
	AXPY2(Z12, Z15, Z9)
	AXPY2(Z13, Z16, Z10)
	AXPY2(Z14, Z17, Z11)
	ADDQ $2, R13
	JMP  r48pair

r48one:
	CMPQ R13, R10
	JGE  r48end
	ONE
	DOT1(0, Z6, Z12, Z0)
	DOT1(1, Z7, Z13, Z2)
	DOT1(2, Z8, Z14, Z0)
	COEF1
	AXPY1(Z12, Z9)
	AXPY1(Z13, Z10)
	AXPY1(Z14, Z11)

r48end:
	VMOVUPS Z9, (0*64)(BX)
	VMOVUPS Z10, (1*64)(BX)
	VMOVUPS Z11, (2*64)(BX)
	VZEROUPPER
	RET

// f=64: p in Z6-Z9, out in Z10-Z13, y in Z14-Z17, the pair's second y in Z18-Z21.
r64:
	VMOVUPS (0*64)(DI), Z6
	VMOVUPS (1*64)(DI), Z7
	VMOVUPS (2*64)(DI), Z8
	VMOVUPS (3*64)(DI), Z9
	VMOVUPS (0*64)(BX), Z10
	VMOVUPS (1*64)(BX), Z11
	VMOVUPS (2*64)(BX), Z12
	VMOVUPS (3*64)(BX), Z13

r64pair:
	PAIRNEXT(r64one)
	DOT2(0, Z6, Z14, Z18, Z0, Z1)
	DOT2(1, Z7, Z15, Z19, Z2, Z3)
	DOT2(2, Z8, Z16, Z20, Z0, Z1)
	DOT2(3, Z9, Z17, Z21, Z2, Z3)
	PREFETCH2(0)
	PREFETCH2(1)
	PREFETCH2(2)
	PREFETCH2(3)
	COEF2
	AXPY2(Z14, Z18, Z10)
	AXPY2(Z15, Z19, Z11)
	AXPY2(Z16, Z20, Z12)
	AXPY2(Z17, Z21, Z13)
	ADDQ $2, R13
	JMP  r64pair

r64one:
	CMPQ R13, R10
	JGE  r64end
	ONE
	DOT1(0, Z6, Z14, Z0)
	DOT1(1, Z7, Z15, Z2)
	DOT1(2, Z8, Z16, Z0)
	DOT1(3, Z9, Z17, Z2)
	COEF1
	AXPY1(Z14, Z10)
	AXPY1(Z15, Z11)
	AXPY1(Z16, Z12)
	AXPY1(Z17, Z13)

r64end:
	VMOVUPS Z10, (0*64)(BX)
	VMOVUPS Z11, (1*64)(BX)
	VMOVUPS Z12, (2*64)(BX)
	VMOVUPS Z13, (3*64)(BX)
	VZEROUPPER
	RET

// f=80: p in Z6-Z10, out in Z11-Z15, y in Z16-Z20, the pair's second y in Z21-Z25.
r80:
	VMOVUPS (0*64)(DI), Z6
	VMOVUPS (1*64)(DI), Z7
	VMOVUPS (2*64)(DI), Z8
	VMOVUPS (3*64)(DI), Z9
	VMOVUPS (4*64)(DI), Z10
	VMOVUPS (0*64)(BX), Z11
	VMOVUPS (1*64)(BX), Z12
	VMOVUPS (2*64)(BX), Z13
	VMOVUPS (3*64)(BX), Z14
	VMOVUPS (4*64)(BX), Z15

r80pair:
	PAIRNEXT(r80one)
	DOT2(0, Z6, Z16, Z21, Z0, Z1)
	DOT2(1, Z7, Z17, Z22, Z2, Z3)
	DOT2(2, Z8, Z18, Z23, Z0, Z1)
	DOT2(3, Z9, Z19, Z24, Z2, Z3)
	DOT2(4, Z10, Z20, Z25, Z0, Z1)
	PREFETCH2(0)
	PREFETCH2(1)
	PREFETCH2(2)
	PREFETCH2(3)
	PREFETCH2(4)
	COEF2
	AXPY2(Z16, Z21, Z11)
	AXPY2(Z17, Z22, Z12)
	AXPY2(Z18, Z23, Z13)
	AXPY2(Z19, Z24, Z14)
	AXPY2(Z20, Z25, Z15)
	ADDQ $2, R13
	JMP  r80pair

r80one:
	CMPQ R13, R10
	JGE  r80end
	ONE
	DOT1(0, Z6, Z16, Z0)
	DOT1(1, Z7, Z17, Z2)
	DOT1(2, Z8, Z18, Z0)
	DOT1(3, Z9, Z19, Z2)
	DOT1(4, Z10, Z20, Z0)
	COEF1
	AXPY1(Z16, Z11)
	AXPY1(Z17, Z12)
	AXPY1(Z18, Z13)
	AXPY1(Z19, Z14)
	AXPY1(Z20, Z15)

r80end:
	VMOVUPS Z11, (0*64)(BX)
	VMOVUPS Z12, (1*64)(BX)
	VMOVUPS Z13, (2*64)(BX)
	VMOVUPS Z14, (3*64)(BX)
	VMOVUPS Z15, (4*64)(BX)
	VZEROUPPER
	RET

// f=96: p in Z6-Z11, out in Z12-Z17, y in Z18-Z23, the pair's second y in Z24-Z29.
r96:
	VMOVUPS (0*64)(DI), Z6
	VMOVUPS (1*64)(DI), Z7
	VMOVUPS (2*64)(DI), Z8
	VMOVUPS (3*64)(DI), Z9
	VMOVUPS (4*64)(DI), Z10
	VMOVUPS (5*64)(DI), Z11
	VMOVUPS (0*64)(BX), Z12
	VMOVUPS (1*64)(BX), Z13
	VMOVUPS (2*64)(BX), Z14
	VMOVUPS (3*64)(BX), Z15
	VMOVUPS (4*64)(BX), Z16
	VMOVUPS (5*64)(BX), Z17

r96pair:
	PAIRNEXT(r96one)
	DOT2(0, Z6, Z18, Z24, Z0, Z1)
	DOT2(1, Z7, Z19, Z25, Z2, Z3)
	DOT2(2, Z8, Z20, Z26, Z0, Z1)
	DOT2(3, Z9, Z21, Z27, Z2, Z3)
	DOT2(4, Z10, Z22, Z28, Z0, Z1)
	DOT2(5, Z11, Z23, Z29, Z2, Z3)
	PREFETCH2(0)
	PREFETCH2(1)
	PREFETCH2(2)
	PREFETCH2(3)
	PREFETCH2(4)
	PREFETCH2(5)
	COEF2
	AXPY2(Z18, Z24, Z12)
	AXPY2(Z19, Z25, Z13)
	AXPY2(Z20, Z26, Z14)
	AXPY2(Z21, Z27, Z15)
	AXPY2(Z22, Z28, Z16)
	AXPY2(Z23, Z29, Z17)
	ADDQ $2, R13
	JMP  r96pair

r96one:
	CMPQ R13, R10
	JGE  r96end
	ONE
	DOT1(0, Z6, Z18, Z0)
	DOT1(1, Z7, Z19, Z2)
	DOT1(2, Z8, Z20, Z0)
	DOT1(3, Z9, Z21, Z2)
	DOT1(4, Z10, Z22, Z0)
	DOT1(5, Z11, Z23, Z2)
	COEF1
	AXPY1(Z18, Z12)
	AXPY1(Z19, Z13)
	AXPY1(Z20, Z14)
	AXPY1(Z21, Z15)
	AXPY1(Z22, Z16)
	AXPY1(Z23, Z17)

r96end:
	VMOVUPS Z12, (0*64)(BX)
	VMOVUPS Z13, (1*64)(BX)
	VMOVUPS Z14, (2*64)(BX)
	VMOVUPS Z15, (3*64)(BX)
	VMOVUPS Z16, (4*64)(BX)
	VMOVUPS Z17, (5*64)(BX)
	VZEROUPPER
	RET

// f=112: p in Z6-Z12, out in Z13-Z19, y in Z20-Z26.
r112:
	VMOVUPS (0*64)(DI), Z6
	VMOVUPS (1*64)(DI), Z7
	VMOVUPS (2*64)(DI), Z8
	VMOVUPS (3*64)(DI), Z9
	VMOVUPS (4*64)(DI), Z10
	VMOVUPS (5*64)(DI), Z11
	VMOVUPS (6*64)(DI), Z12
	VMOVUPS (0*64)(BX), Z13
	VMOVUPS (1*64)(BX), Z14
	VMOVUPS (2*64)(BX), Z15
	VMOVUPS (3*64)(BX), Z16
	VMOVUPS (4*64)(BX), Z17
	VMOVUPS (5*64)(BX), Z18
	VMOVUPS (6*64)(BX), Z19

r112one:
	CMPQ R13, R10
	JGE  r112end
	ONENEXT
	DOT1(0, Z6, Z20, Z0)
	DOT1(1, Z7, Z21, Z1)
	DOT1(2, Z8, Z22, Z2)
	DOT1(3, Z9, Z23, Z3)
	DOT1(4, Z10, Z24, Z0)
	DOT1(5, Z11, Z25, Z1)
	DOT1(6, Z12, Z26, Z2)
	PREFETCH1(0)
	PREFETCH1(1)
	PREFETCH1(2)
	PREFETCH1(3)
	PREFETCH1(4)
	PREFETCH1(5)
	PREFETCH1(6)
	VADDPS Z1, Z0, Z0
	VADDPS Z3, Z2, Z2
	COEF1
	AXPY1(Z20, Z13)
	AXPY1(Z21, Z14)
	AXPY1(Z22, Z15)
	AXPY1(Z23, Z16)
	AXPY1(Z24, Z17)
	AXPY1(Z25, Z18)
	AXPY1(Z26, Z19)
	INCQ R13
	JMP  r112one

r112end:
	VMOVUPS Z13, (0*64)(BX)
	VMOVUPS Z14, (1*64)(BX)
	VMOVUPS Z15, (2*64)(BX)
	VMOVUPS Z16, (3*64)(BX)
	VMOVUPS Z17, (4*64)(BX)
	VMOVUPS Z18, (5*64)(BX)
	VMOVUPS Z19, (6*64)(BX)
	VZEROUPPER
	RET

// f=128: p in Z6-Z13, out in Z14-Z21, y in Z22-Z29.
r128:
	VMOVUPS (0*64)(DI), Z6
	VMOVUPS (1*64)(DI), Z7
	VMOVUPS (2*64)(DI), Z8
	VMOVUPS (3*64)(DI), Z9
	VMOVUPS (4*64)(DI), Z10
	VMOVUPS (5*64)(DI), Z11
	VMOVUPS (6*64)(DI), Z12
	VMOVUPS (7*64)(DI), Z13
	VMOVUPS (0*64)(BX), Z14
	VMOVUPS (1*64)(BX), Z15
	VMOVUPS (2*64)(BX), Z16
	VMOVUPS (3*64)(BX), Z17
	VMOVUPS (4*64)(BX), Z18
	VMOVUPS (5*64)(BX), Z19
	VMOVUPS (6*64)(BX), Z20
	VMOVUPS (7*64)(BX), Z21

r128one:
	CMPQ R13, R10
	JGE  r128end
	ONENEXT
	DOT1(0, Z6, Z22, Z0)
	DOT1(1, Z7, Z23, Z1)
	DOT1(2, Z8, Z24, Z2)
	DOT1(3, Z9, Z25, Z3)
	DOT1(4, Z10, Z26, Z0)
	DOT1(5, Z11, Z27, Z1)
	DOT1(6, Z12, Z28, Z2)
	DOT1(7, Z13, Z29, Z3)
	PREFETCH1(0)
	PREFETCH1(1)
	PREFETCH1(2)
	PREFETCH1(3)
	PREFETCH1(4)
	PREFETCH1(5)
	PREFETCH1(6)
	PREFETCH1(7)
	VADDPS Z1, Z0, Z0
	VADDPS Z3, Z2, Z2
	COEF1
	AXPY1(Z22, Z14)
	AXPY1(Z23, Z15)
	AXPY1(Z24, Z16)
	AXPY1(Z25, Z17)
	AXPY1(Z26, Z18)
	AXPY1(Z27, Z19)
	AXPY1(Z28, Z20)
	AXPY1(Z29, Z21)
	INCQ R13
	JMP  r128one

r128end:
	VMOVUPS Z14, (0*64)(BX)
	VMOVUPS Z15, (1*64)(BX)
	VMOVUPS Z16, (2*64)(BX)
	VMOVUPS Z17, (3*64)(BX)
	VMOVUPS Z18, (4*64)(BX)
	VMOVUPS Z19, (5*64)(BX)
	VMOVUPS Z20, (6*64)(BX)
	VMOVUPS Z21, (7*64)(BX)
	VZEROUPPER
	RET

// func syrAVX2(a *float32, f int, y *float32, c float32)
//
// The lower triangle of a (f x f, row-major) += c * y yᵀ. Row k is updated
// up to column min(f, (k+8)&^7), past the diagonal into the unused upper
// triangle, so every store is a full 8-wide vector.
TEXT ·syrAVX2(SB), NOSPLIT, $0-28
	MOVQ a+0(FP), DI
	MOVQ f+8(FP), CX
	MOVQ y+16(FP), SI
	VBROADCASTSS c+24(FP), Y15
	MOVQ CX, R12
	SHLQ $2, R12
	XORQ R8, R8

syrrow:
	CMPQ R8, CX
	JGE  syrdone
	VBROADCASTSS (SI)(R8*4), Y0
	VMULPS Y15, Y0, Y0
	LEAQ 8(R8), R9
	ANDQ $-8, R9
	CMPQ R9, CX
	CMOVQGT CX, R9
	XORQ AX, AX

syrcol:
	CMPQ AX, R9
	JGE  syrnext
	VMOVUPS (DI)(AX*4), Y1
	VFMADD231PS (SI)(AX*4), Y0, Y1
	VMOVUPS Y1, (DI)(AX*4)
	ADDQ $8, AX
	JMP  syrcol

syrnext:
	ADDQ R12, DI
	INCQ R8
	JMP  syrrow

syrdone:
	VZEROUPPER
	RET

// func symvAVX2(gm *float32, f int, p, out *float32)
//
// out = G p for the symmetric f x f row-major G at gm, computed as the sum of
// p[a] * row a, so 64 columns of out stay in eight registers and no
// horizontal sums are needed.
TEXT ·symvAVX2(SB), NOSPLIT, $0-32
	MOVQ gm+0(FP), R8
	MOVQ f+8(FP), CX
	MOVQ p+16(FP), SI
	MOVQ out+24(FP), DI
	MOVQ CX, R12
	SHLQ $2, R12
	XORQ R9, R9

chunk64:
	LEAQ 64(R9), DX
	CMPQ DX, CX
	JG   chunk8
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	LEAQ (R8)(R9*4), BX
	XORQ AX, AX

row64:
	CMPQ AX, CX
	JGE  store64
	VBROADCASTSS (SI)(AX*4), Y8
	VFMADD231PS (BX), Y8, Y0
	VFMADD231PS 32(BX), Y8, Y1
	VFMADD231PS 64(BX), Y8, Y2
	VFMADD231PS 96(BX), Y8, Y3
	VFMADD231PS 128(BX), Y8, Y4
	VFMADD231PS 160(BX), Y8, Y5
	VFMADD231PS 192(BX), Y8, Y6
	VFMADD231PS 224(BX), Y8, Y7
	ADDQ R12, BX
	INCQ AX
	JMP  row64

store64:
	VMOVUPS Y0, (DI)(R9*4)
	VMOVUPS Y1, 32(DI)(R9*4)
	VMOVUPS Y2, 64(DI)(R9*4)
	VMOVUPS Y3, 96(DI)(R9*4)
	VMOVUPS Y4, 128(DI)(R9*4)
	VMOVUPS Y5, 160(DI)(R9*4)
	VMOVUPS Y6, 192(DI)(R9*4)
	VMOVUPS Y7, 224(DI)(R9*4)
	MOVQ DX, R9
	JMP  chunk64

chunk8:
	CMPQ R9, CX
	JGE  symvdone
	VXORPS Y0, Y0, Y0
	LEAQ (R8)(R9*4), BX
	XORQ AX, AX

row8:
	CMPQ AX, CX
	JGE  store8
	VBROADCASTSS (SI)(AX*4), Y8
	VFMADD231PS (BX), Y8, Y0
	ADDQ R12, BX
	INCQ AX
	JMP  row8

store8:
	VMOVUPS Y0, (DI)(R9*4)
	ADDQ $8, R9
	JMP  chunk8

symvdone:
	VZEROUPPER
	RET
