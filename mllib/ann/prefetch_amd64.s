//go:build amd64 && !purego

#include "textflag.h"

// func prefetchRows(vecs []float32, nodes []uint32, rowBytes, lines int)
// Issues PREFETCHT0 for the first `lines` cache lines of each node's row.
// A prefetch never faults, so no bounds checks are needed.
TEXT ·prefetchRows(SB), NOSPLIT, $0-64
	MOVQ vecs_base+0(FP), SI
	MOVQ nodes_base+24(FP), DI
	MOVQ nodes_len+32(FP), CX
	MOVQ rowBytes+48(FP), R8
	MOVQ lines+56(FP), R9

row:
	CMPQ CX, $0
	JE   done
	MOVL (DI), AX
	IMULQ R8, AX
	ADDQ SI, AX
	MOVQ R9, DX

line:
	PREFETCHT0 (AX)
	ADDQ $64, AX
	DECQ DX
	JNZ  line
	ADDQ $4, DI
	DECQ CX
	JMP  row

done:
	RET

// func prefetchLinks(p *uint32, n int)
// Prefetches the cache lines holding p[0:n], n >= 1.
TEXT ·prefetchLinks(SB), NOSPLIT, $0-16
	MOVQ p+0(FP), AX
	MOVQ n+8(FP), CX
	LEAQ -4(AX)(CX*4), CX
	ANDQ $~63, CX

pl:
	PREFETCHT0 (AX)
	ANDQ $~63, AX
	ADDQ $64, AX
	CMPQ AX, CX
	JLE  pl
	RET
