//go:build amd64 && !purego

#include "textflag.h"

// AVX2+FMA kernels for factor vectors whose length is a positive multiple of
// 8. The Go side checks the CPU and the lengths before calling them.

// func cpuid(eaxArg, ecxArg uint32) (eax, ebx, ecx, edx uint32)
TEXT ·cpuid(SB), NOSPLIT, $0-24
	MOVL eaxArg+0(FP), AX
	MOVL ecxArg+4(FP), CX
	CPUID
	MOVL AX, eax+8(FP)
	MOVL BX, ebx+12(FP)
	MOVL CX, ecx+16(FP)
	MOVL DX, edx+20(FP)
	RET

// func xgetbv() (eax uint32)
TEXT ·xgetbv(SB), NOSPLIT, $0-4
	MOVL $0, CX
	XGETBV
	MOVL AX, eax+0(FP)
	RET

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
