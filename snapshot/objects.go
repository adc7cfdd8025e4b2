package snapshot

import (
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/gokernel/gokernel/internal/atomicfile"
	"github.com/klauspost/compress/zstd"
	"github.com/zeebo/blake3"
)

// An ID names an object: the BLAKE3-256 hash of its uncompressed bytes.
// BLAKE3 is cryptographic, so two different values never share an object,
// and fast enough (several GB/s) that hashing costs less than compressing.
type ID [32]byte

const idPrefix = "blake3:"

// ObjectID returns the ID of the object holding data.
func ObjectID(data []byte) ID { return blake3.Sum256(data) }

// String returns the ID as "blake3:" followed by 64 lower-case hexadecimal
// digits, the form ParseID reads.
func (id ID) String() string { return idPrefix + hex.EncodeToString(id[:]) }

// IsZero reports whether id is the zero ID, which names no object.
func (id ID) IsZero() bool { return id == ID{} }

// ParseID parses the form String returns. Only lower-case hexadecimal digits
// are accepted, so that an ID has one spelling and one file name.
func ParseID(text string) (ID, error) {
	digits, ok := strings.CutPrefix(text, idPrefix)
	if !ok {
		return ID{}, fmt.Errorf("snapshot: object id %q does not start with %q", text, idPrefix)
	}
	return parseIDHex(digits, text)
}

// parseIDHex parses the 64 hexadecimal digits of an ID; text is what to name
// in an error.
func parseIDHex(digits, text string) (ID, error) {
	var id ID
	if len(digits) != 2*len(id) || strings.Trim(digits, "0123456789abcdef") != "" {
		return ID{}, fmt.Errorf("snapshot: object id %q is not %s and %d lower-case hexadecimal digits", text, idPrefix, 2*len(id))
	}
	hex.Decode(id[:], []byte(digits)) // cannot fail: checked above
	return id, nil
}

// MarshalText returns the form String returns, so that an ID is a string in
// JSON.
func (id ID) MarshalText() ([]byte, error) { return []byte(id.String()), nil }

// UnmarshalText parses the form String returns.
func (id *ID) UnmarshalText(text []byte) error {
	parsed, err := ParseID(string(text))
	if err != nil {
		return err
	}
	*id = parsed
	return nil
}

// ErrCorrupt is wrapped by every error about an object or a manifest whose
// content does not match its name or cannot be read as what it should be.
var ErrCorrupt = errors.New("corrupt")

// MaxObjectSize is the largest object Put stores, in uncompressed bytes.
// Readers refuse an object file that claims more before allocating for it.
// Values larger than this go through PutStream, which splits them into
// chunks of at most 512 KiB.
const MaxObjectSize = 1 << 30

// The object file format (docs/store.md, "Snapshots"): a 16-byte header,
// then the payload.
//
//	[0:4]   magic "gkob"
//	[4]     format version, 1
//	[5]     compression: 0 stored as is, 1 one zstd frame, 2 one zstd
//	        frame of the decimal float transform (decimal.go)
//	[6:8]   zero, reserved
//	[8:16]  uncompressed length, little-endian uint64
const (
	objectMagic      = "gkob"
	objectVersion    = 1
	objectHeaderSize = 16

	compressionNone    = 0
	compressionZstd    = 1
	compressionDecimal = 2

	// zstdBlockMax is the most a zstd block decodes to; each block takes at
	// least 4 bytes (a 3-byte header and one byte of content), which bounds
	// how much a payload can claim to decode to.
	zstdBlockMax = 128 << 10
)

// Folders are owner-only, as in the rest of the store: values may be
// private. Files are too: os.CreateTemp makes them 0600.
const storeDirPerm fs.FileMode = 0o700

const objectsDirName = "objects"

// The zstd level is SpeedFastest (about zstd level 1). Snapshots are taken
// after every execution, so write speed matters more than the last percent of
// size. Numeric data, the bulk of a data session's state, is mostly mantissa
// noise that higher levels barely shrink further (float64 prices: 19.0% of
// the raw bytes at SpeedFastest, 16.1% at SpeedDefault, at 0.6 times the
// speed); what does shrink it is the decimal float transform (decimal.go).
// The Encoders and the Decoder are shared: their EncodeAll and DecodeAll are
// safe for concurrent use and keep one set of tables per concurrent call.
var (
	zstdEncoder = sync.OnceValue(func() *zstd.Encoder {
		enc, err := zstd.NewWriter(nil,
			zstd.WithEncoderLevel(zstd.SpeedFastest),
			zstd.WithEncoderCRC(false), // every read verifies the BLAKE3 hash instead
			zstd.WithEncoderConcurrency(runtime.GOMAXPROCS(0)),
		)
		if err != nil {
			panic("snapshot: zstd encoder: " + err.Error()) // only for invalid options
		}
		return enc
	})
	// zstdDecimalEncoder compresses the decimal float transform (decimal.go)
	// at the default level: its bytes are small integers with few repeats,
	// which only the entropy coder shrinks, and SpeedFastest leaves them as
	// they are (65 KB of transformed prices stayed 65 KB; the default level
	// made 34 KB of them). They are an eighth of the object, so the slower
	// level costs little.
	zstdDecimalEncoder = sync.OnceValue(func() *zstd.Encoder {
		enc, err := zstd.NewWriter(nil,
			zstd.WithEncoderLevel(zstd.SpeedDefault),
			zstd.WithEncoderCRC(false),
			zstd.WithEncoderConcurrency(runtime.GOMAXPROCS(0)),
		)
		if err != nil {
			panic("snapshot: zstd encoder: " + err.Error()) // only for invalid options
		}
		return enc
	})
	zstdDecoder = sync.OnceValue(func() *zstd.Decoder {
		dec, err := zstd.NewReader(nil,
			zstd.WithDecoderConcurrency(runtime.GOMAXPROCS(0)),
			zstd.WithDecodeAllCapLimit(true), // never decode past the length the header gave
			zstd.WithDecoderMaxMemory(MaxObjectSize),
		)
		if err != nil {
			panic("snapshot: zstd decoder: " + err.Error()) // only for invalid options
		}
		return dec
	})
)

// An ObjectStore is the objects/ folder of a store: immutable, compressed
// blobs named by the hash of their content. The same bytes are stored once,
// however many variables and snapshots hold them. An ObjectStore is safe for
// concurrent use, also by several processes sharing the folder.
type ObjectStore struct {
	dir string // the objects/ folder
}

// OpenObjects opens the objects/ folder of the store folder storeDir,
// creating it (mode 0700) when missing. The store folder itself must exist:
// lineage.OpenStore creates it, with the file that marks it as a store.
func OpenObjects(storeDir string) (*ObjectStore, error) {
	dir := filepath.Join(storeDir, objectsDirName)
	if err := os.Mkdir(dir, storeDirPerm); err != nil && !errors.Is(err, fs.ErrExist) {
		return nil, fmt.Errorf("snapshot store %s: %w", storeDir, err)
	}
	if fi, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("snapshot store %s: %w", storeDir, err)
	} else if !fi.IsDir() {
		return nil, fmt.Errorf("snapshot store %s: %s is not a folder", storeDir, dir)
	}
	return &ObjectStore{dir: dir}, nil
}

// Dir returns the objects/ folder.
func (s *ObjectStore) Dir() string { return s.dir }

// Path returns the file that holds the object id, whether or not it exists:
// objects/ab/cdef..., the first two hexadecimal digits naming one of 256
// subfolders (as in git) so that no folder grows too large to list quickly.
func (s *ObjectStore) Path(id ID) string {
	digits := hex.EncodeToString(id[:])
	return filepath.Join(s.dir, digits[:2], digits[2:])
}

// Put stores data as an object and returns its ID. An object that is already
// stored is not written again; its modification time is refreshed when it is
// more than ten minutes old, so that a garbage collector that spares objects
// touched within the hour does not remove an object a snapshot in progress
// has just reused.
//
// A new object is written to a temporary file, synced, renamed into place and
// its folder synced, so that once Put returns the object survives a crash,
// and a crash before that leaves at most a temporary file.
func (s *ObjectStore) Put(data []byte) (ID, error) {
	return s.put(data, nil)
}

// put is Put, except that with a non-nil folders it leaves syncing the
// folders it changed to the caller, who syncs each of them once for many
// objects (PutStream). The object files themselves are always synced before
// their rename, so that a name never appears before its content is durable.
func (s *ObjectStore) put(data []byte, folders *unsyncedFolders) (ID, error) {
	if len(data) > MaxObjectSize {
		return ID{}, s.error(fmt.Errorf("object of %d bytes is larger than %d; use PutStream", len(data), MaxObjectSize))
	}
	id := ObjectID(data)
	return id, s.putID(id, data, folders)
}

// putID is put of data whose ID, id, the caller has computed already.
func (s *ObjectStore) putID(id ID, data []byte, folders *unsyncedFolders) error {
	name := s.Path(id)
	if info, err := os.Lstat(name); err == nil {
		// Reused: its time is refreshed for gc's grace period (see
		// RemoveUnreferenced), unless it is recent already, which spares a
		// store again of a large value thousands of metadata writes.
		if now := time.Now(); now.Sub(info.ModTime()) > refreshAfter {
			os.Chtimes(name, now, now) // best effort: only gc's grace period depends on it
		}
		return nil
	}
	buf := encodeObject(getBuffer(len(data)/2+objectHeaderSize), data)
	err := s.writeObject(name, *buf, folders)
	putBuffer(buf)
	if err != nil {
		return s.error(fmt.Errorf("object %s: %w", id, err))
	}
	return nil
}

// refreshAfter is how old an object's modification time may be before Put refreshes
// it on reuse: far below the hour of grace that garbage collectors give objects (see
// RemoveUnreferenced), so that a reused object is always seen as recent.
const refreshAfter = 10 * time.Minute

// encodeObject appends to *buf the object file holding data: its header and
// the zstd frame, of the decimal float transform when data is mostly decimal
// float64s (decimal.go), or the bytes as they are when zstd does not make
// them smaller (random bytes), which also makes reading them back a plain
// copy.
func encodeObject(buf *[]byte, data []byte) *[]byte {
	var header [objectHeaderSize]byte
	copy(header[:], objectMagic)
	header[4] = objectVersion
	header[5] = compressionZstd
	binary.LittleEndian.PutUint64(header[8:], uint64(len(data)))
	out := append((*buf)[:0], header[:]...)
	if len(data) >= decimalMinSize {
		scratch := getBuffer(len(data)/4 + 16)
		if t, ok := appendDecimal((*scratch)[:0], data); ok {
			out[5] = compressionDecimal
			out = zstdDecimalEncoder().EncodeAll(t, out)
			*scratch = t
		} else {
			out = zstdEncoder().EncodeAll(data, out)
		}
		putBuffer(scratch)
	} else {
		out = zstdEncoder().EncodeAll(data, out)
	}
	if len(out)-objectHeaderSize >= len(data) {
		out[5] = compressionNone
		out = append(out[:objectHeaderSize], data...)
	}
	*buf = out
	return buf
}

// writeObject writes an object file by rename, creating its subfolder when
// it is the first object there, and syncs the folders it changed, or adds
// them to folders when that is not nil.
func (s *ObjectStore) writeObject(name string, content []byte, folders *unsyncedFolders) error {
	dir := filepath.Dir(name)
	err := atomicfile.WriteRenamed(name, content)
	if errors.Is(err, fs.ErrNotExist) {
		if err := os.Mkdir(dir, storeDirPerm); err != nil && !errors.Is(err, fs.ErrExist) {
			return err
		}
		if folders != nil {
			folders.add(s.dir)
		} else if err := atomicfile.SyncDir(s.dir); err != nil {
			return err
		}
		err = atomicfile.WriteRenamed(name, content)
	}
	if err != nil {
		return err
	}
	if folders != nil {
		folders.add(dir)
		return nil
	}
	return atomicfile.SyncDir(dir)
}

// unsyncedFolders collects folders with new entries not yet synced, so that
// a folder that receives many objects is synced once for all of them.
type unsyncedFolders struct {
	mu   sync.Mutex
	dirs map[string]bool
}

func (f *unsyncedFolders) add(dir string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.dirs == nil {
		f.dirs = make(map[string]bool)
	}
	f.dirs[dir] = true
}

// sync syncs every folder collected, several at once: a sync mostly waits
// for the disk. Their order does not matter, only that all are done before
// the objects are reported stored.
func (f *unsyncedFolders) sync() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	jobs := make(chan string)
	errs := make(chan error, len(f.dirs))
	var wg sync.WaitGroup
	for range min(len(f.dirs), 8) {
		wg.Go(func() {
			for dir := range jobs {
				errs <- atomicfile.SyncDir(dir)
			}
		})
	}
	for dir := range f.dirs {
		jobs <- dir
	}
	close(jobs)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			return err
		}
	}
	f.dirs = nil
	return nil
}

// Get returns the bytes of the object id. The object is decompressed and its
// hash checked: an object file that is damaged, truncated or not an object
// gives an error wrapping ErrCorrupt and naming id, never wrong bytes. A
// missing object gives an error wrapping fs.ErrNotExist.
func (s *ObjectStore) Get(id ID) ([]byte, error) {
	file, err := os.ReadFile(s.Path(id))
	if err != nil {
		return nil, s.error(fmt.Errorf("object %s: %w", id, err))
	}
	data, err := decodeObject(id, file, nil)
	if err != nil {
		return nil, s.error(fmt.Errorf("object %s: %w", id, err))
	}
	return data, nil
}

// decodeObject returns the bytes an object file holds, after checking that
// they hash to id. It checks the header before it allocates anything, so
// that garbage is refused early and cheaply. The bytes are written into dst's
// spare capacity when it is large enough (the result then shares dst's
// memory), else into a new slice.
func decodeObject(id ID, file, dst []byte) ([]byte, error) {
	if len(file) < objectHeaderSize {
		return nil, fmt.Errorf("%w: %d bytes, shorter than an object header", ErrCorrupt, len(file))
	}
	header, payload := file[:objectHeaderSize], file[objectHeaderSize:]
	if string(header[:4]) != objectMagic {
		return nil, fmt.Errorf("%w: not an object file (magic %q)", ErrCorrupt, header[:4])
	}
	if header[4] != objectVersion {
		if header[4] > objectVersion {
			return nil, fmt.Errorf("object format version %d is newer than this gokernel reads (version %d)", header[4], objectVersion)
		}
		return nil, fmt.Errorf("%w: format version %d", ErrCorrupt, header[4])
	}
	if header[6] != 0 || header[7] != 0 {
		return nil, fmt.Errorf("%w: reserved header bytes are not zero", ErrCorrupt)
	}
	length := binary.LittleEndian.Uint64(header[8:])
	var data []byte
	switch header[5] {
	case compressionNone:
		if length != uint64(len(payload)) {
			return nil, fmt.Errorf("%w: header says %d bytes, file holds %d", ErrCorrupt, length, len(payload))
		}
		data = append(dst[:0], payload...)
	case compressionZstd:
		frame, err := checkFrame(payload, length, length)
		if err != nil {
			return nil, err
		}
		if frame.HasFCS && frame.FrameContentSize != length {
			return nil, fmt.Errorf("%w: header says %d bytes, zstd frame says %d", ErrCorrupt, length, frame.FrameContentSize)
		}
		if uint64(cap(dst)) < length {
			dst = make([]byte, 0, length)
		}
		data, err = zstdDecoder().DecodeAll(payload, dst[:0])
		if err != nil {
			return nil, fmt.Errorf("%w: zstd: %v", ErrCorrupt, err)
		}
		if uint64(len(data)) != length {
			return nil, fmt.Errorf("%w: decompressed to %d bytes, header says %d", ErrCorrupt, len(data), length)
		}
	case compressionDecimal:
		// The transform takes at most 9 bytes per float64 and a few more.
		limit := length + length/8 + 16
		frame, err := checkFrame(payload, length, limit)
		if err != nil {
			return nil, err
		}
		if frame.HasFCS {
			limit = frame.FrameContentSize
		}
		scratch := getBuffer(int(limit))
		t, err := zstdDecoder().DecodeAll(payload, (*scratch)[:0])
		if err != nil {
			putBuffer(scratch)
			return nil, fmt.Errorf("%w: zstd: %v", ErrCorrupt, err)
		}
		data, err = decodeDecimal(dst[:0], t, int(length))
		*scratch = t
		putBuffer(scratch)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
		}
	default:
		return nil, fmt.Errorf("%w: unknown compression %d", ErrCorrupt, header[5])
	}
	if got := ObjectID(data); got != id {
		return nil, fmt.Errorf("%w: content hashes to %s", ErrCorrupt, got)
	}
	return data, nil
}

// checkFrame checks, before anything is allocated for it, that payload
// starts a zstd frame that can decode to the content of an object of length
// bytes, that content being at most limit bytes: the length is within
// MaxObjectSize, the frame's content size, when it gives one, is within
// limit, and the payload is long enough to hold that content (each zstd
// block takes at least 4 bytes).
func checkFrame(payload []byte, length, limit uint64) (zstd.Header, error) {
	var frame zstd.Header
	if length > MaxObjectSize {
		return frame, fmt.Errorf("%w: header says %d bytes, more than an object holds", ErrCorrupt, length)
	}
	if err := frame.Decode(payload); err != nil {
		return frame, fmt.Errorf("%w: zstd frame: %v", ErrCorrupt, err)
	}
	content := limit
	if frame.HasFCS {
		if frame.FrameContentSize > limit {
			return frame, fmt.Errorf("%w: header says %d bytes, zstd frame says %d", ErrCorrupt, length, frame.FrameContentSize)
		}
		content = frame.FrameContentSize
	}
	if content > (uint64(len(payload))/4+1)*zstdBlockMax {
		return frame, fmt.Errorf("%w: header says %d bytes, more than %d compressed bytes can hold", ErrCorrupt, length, len(payload))
	}
	return frame, nil
}

// Has reports whether the object id is stored. It does not read the object;
// Get and Verify check its content.
func (s *ObjectStore) Has(id ID) bool {
	_, err := os.Lstat(s.Path(id))
	return err == nil
}

// Size returns the stored (compressed) size of the object id, in bytes,
// header included.
func (s *ObjectStore) Size(id ID) (int64, error) {
	fi, err := os.Lstat(s.Path(id))
	if err != nil {
		return 0, s.error(fmt.Errorf("object %s: %w", id, err))
	}
	return fi.Size(), nil
}

// Remove removes the object id. Removing an object that is not stored is not
// an error, so that two collectors may race.
func (s *ObjectStore) Remove(id ID) error {
	if err := os.Remove(s.Path(id)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return s.error(fmt.Errorf("object %s: %w", id, err))
	}
	return nil
}

// Walk calls fn for every stored object, in ID order, with its stored size.
// Temporary files and files whose names are not object IDs are skipped. An
// error from fn stops the walk and is returned.
func (s *ObjectStore) Walk(fn func(id ID, storedSize int64) error) error {
	subs, err := os.ReadDir(s.dir)
	if err != nil {
		return s.error(err)
	}
	for _, sub := range subs {
		if !sub.IsDir() || len(sub.Name()) != 2 {
			continue
		}
		entries, err := os.ReadDir(filepath.Join(s.dir, sub.Name()))
		if err != nil {
			return s.error(err)
		}
		for _, e := range entries {
			id, err := parseIDHex(sub.Name()+e.Name(), "")
			if err != nil || !e.Type().IsRegular() {
				continue // a temporary file, or nothing of ours
			}
			fi, err := e.Info()
			if errors.Is(err, fs.ErrNotExist) {
				continue // removed since the listing
			} else if err != nil {
				return s.error(err)
			}
			if err := fn(id, fi.Size()); err != nil {
				return err
			}
		}
	}
	return nil
}

// RemoveTemp removes the temporary files under objects/ last modified before
// cutoff, which a crash left behind, and returns how many it removed. Only a
// cutoff older than any write in progress is safe.
func (s *ObjectStore) RemoveTemp(cutoff time.Time) (int, error) {
	subs, err := os.ReadDir(s.dir)
	if err != nil {
		return 0, s.error(err)
	}
	removed := 0
	for _, sub := range subs {
		if !sub.IsDir() {
			continue
		}
		n, err := removeTempFiles(filepath.Join(s.dir, sub.Name()), cutoff)
		removed += n
		if err != nil {
			return removed, s.error(err)
		}
	}
	return removed, nil
}

// error gives err the context of the store.
func (s *ObjectStore) error(err error) error {
	return fmt.Errorf("snapshot store %s: %w", filepath.Dir(s.dir), err)
}

// removeTempFiles removes the temporary files of dir last modified before
// cutoff.
func removeTempFiles(dir string, cutoff time.Time) (int, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return 0, err
	}
	removed := 0
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), atomicfile.TempPrefix) {
			continue
		}
		fi, err := e.Info()
		if err != nil || !fi.ModTime().Before(cutoff) {
			continue
		}
		if err := os.Remove(filepath.Join(dir, e.Name())); err == nil {
			removed++
		} else if !errors.Is(err, fs.ErrNotExist) {
			return removed, err
		}
	}
	return removed, nil
}

// Buffers for object files and chunks, reused across Puts: a snapshot writes
// many objects of similar size, and allocating a fresh megabyte for each
// would make the garbage collector the bottleneck.
var objectBufferPool sync.Pool // of *[]byte

// getBuffer returns an empty buffer with room for at least size bytes.
func getBuffer(size int) *[]byte {
	if b, ok := objectBufferPool.Get().(*[]byte); ok && cap(*b) >= size {
		*b = (*b)[:0]
		return b
	}
	b := make([]byte, 0, size)
	return &b
}

// putBuffer returns a buffer to the pool; very large ones are left to the
// garbage collector so that one huge object does not pin its memory.
func putBuffer(b *[]byte) {
	if cap(*b) <= 4<<20 {
		objectBufferPool.Put(b)
	}
}
