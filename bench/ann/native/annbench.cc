// annbench is the native reference for bench/ann: it builds hnswlib or Annoy
// from their headers with the compiler flags their users build with
// (g++ -O3 -march=native), reads the train/query/ground-truth files the Go
// benchmark writes, and prints one JSON object per line in the shape of
// hnswlib_bench.py: a build row, then one row per ef (hnswlib) or search_k
// (Annoy) with recall@10 and single-thread queries per second.
//
//   annbench hnswlib DIR SPACE THREADS K SWEEP [M EFC]
//   annbench annoy   DIR SPACE THREADS K SWEEP [TREES]
//   annbench version
//
// SPACE is l2 or cosine. For cosine the vectors are normalised to unit
// length on load (x * 1/|x| in float32), as gokernel's indexes do, and
// hnswlib searches them in its inner-product space (distance 1 - a.b, the
// same order as cosine distance) while Annoy uses its angular metric. SWEEP is a
// comma-separated list of ef or search_k values. The last line printed is
// {"peak_rss_mb": ...}, the process's VmHWM at exit. build.sh compiles it;
// the library headers are never copied into the repository.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

// Annoy builds its trees on n_threads threads only with this defined
// (AnnoyIndexMultiThreadedBuildPolicy, Annoy >= 1.17).
#define ANNOYLIB_MULTITHREADED_BUILD
#include "kissrandom.h"
#include "annoylib.h"

// Annoy before 1.17.2 and hnswlib both name their SIMD switches USE_AVX and
// USE_AVX512. Annoy picks one of them (AVX-512 where the target has it);
// hnswlib defines both, which would compile Annoy's AVX and AVX-512
// kernels twice over. So Annoy comes first, makes its own choice, and its
// switches are cleared before hnswlib makes its own.
#undef USE_AVX
#undef USE_AVX512
#include "hnswlib/hnswlib.h"

// Annoy 1.17.2 and later put everything in namespace Annoy (and renamed
// the include guard); the Annoy that Debian's RcppAnnoy ships predates that.
#ifdef ANNOY_ANNOYLIB_H
using namespace Annoy;
#endif

#ifndef ANNBENCH_HNSWLIB_VERSION
#define ANNBENCH_HNSWLIB_VERSION "unknown"
#endif
#ifndef ANNBENCH_ANNOY_VERSION
#define ANNBENCH_ANNOY_VERSION "unknown"
#endif
#ifndef ANNBENCH_CXXFLAGS
#define ANNBENCH_CXXFLAGS "unknown"
#endif

namespace {

// Queries run before the timed loop, as on the Go side, so every contender
// is timed with warm caches and branch predictors.
constexpr int kWarmup = 100;

[[noreturn]] void die(const std::string& msg) {
  std::fprintf(stderr, "annbench: %s\n", msg.c_str());
  std::exit(2);
}

// Matrix is a flat row-major matrix read from an .fvecs or .ivecs file.
template <typename T>
struct Matrix {
  std::vector<T> data;
  size_t rows = 0, dim = 0;
  const T* row(size_t i) const { return data.data() + i * dim; }
};

// readVecs streams an .fvecs/.ivecs file (little-endian int32 dimension,
// then dim 4-byte values, per row) into one vector sized from the file
// length, so the process holds the matrix once, like the Go children.
template <typename T>
Matrix<T> readVecs(const std::string& path) {
  static_assert(sizeof(T) == 4, "fvecs/ivecs values are 4 bytes");
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "rb"), std::fclose);
  if (!f) die("cannot open " + path);
  int32_t dim = 0;
  if (std::fread(&dim, 4, 1, f.get()) != 1 || dim <= 0) die(path + ": bad header");
  std::fseek(f.get(), 0, SEEK_END);
  long size = std::ftell(f.get());
  std::fseek(f.get(), 0, SEEK_SET);
  size_t rowBytes = 4 * (size_t(dim) + 1);
  if (size % rowBytes != 0) die(path + ": size is not a whole number of rows");
  Matrix<T> m;
  m.dim = dim;
  m.rows = size / rowBytes;
  m.data.resize(m.rows * m.dim);
  for (size_t i = 0; i < m.rows; i++) {
    int32_t d = 0;
    if (std::fread(&d, 4, 1, f.get()) != 1 || d != dim) die(path + ": rows of different dimensions");
    if (std::fread(m.data.data() + i * m.dim, 4, m.dim, f.get()) != m.dim) die(path + ": truncated");
  }
  return m;
}

// normalize scales every row to unit length in float32, as vec.Normalize
// does (x * (1/|x|)); zero rows are left alone.
void normalize(Matrix<float>& m) {
  for (size_t i = 0; i < m.rows; i++) {
    float* r = m.data.data() + i * m.dim;
    float s = 0;
    for (size_t j = 0; j < m.dim; j++) s += r[j] * r[j];
    if (s == 0) continue;
    float inv = 1 / std::sqrt(s);
    for (size_t j = 0; j < m.dim; j++) r[j] *= inv;
  }
}

// peakRSSMB is VmHWM, the process's peak resident set, from /proc.
double peakRSSMB() {
  FILE* f = std::fopen("/proc/self/status", "r");
  if (!f) return -1;
  char line[256];
  double mb = -1;
  while (std::fgets(line, sizeof line, f)) {
    long kb;
    if (std::sscanf(line, "VmHWM: %ld kB", &kb) == 1) mb = kb / 1024.0;
  }
  std::fclose(f);
  return mb;
}

double seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

std::vector<int> parseList(const std::string& s) {
  std::vector<int> out;
  size_t pos = 0;
  while (pos <= s.size()) {
    size_t comma = s.find(',', pos);
    if (comma == std::string::npos) comma = s.size();
    out.push_back(std::atoi(s.substr(pos, comma - pos).c_str()));
    pos = comma + 1;
  }
  return out;
}

// recallHits counts the distinct returned ids that are among the first k
// ids of the exact answer: a duplicate id never counts twice. It is the
// rule the Go children use.
int recallHits(const std::vector<int64_t>& got, const int32_t* truth, int k) {
  int hits = 0;
  for (size_t i = 0; i < got.size(); i++) {
    bool dup = false;
    for (size_t j = 0; j < i && !dup; j++) dup = got[j] == got[i];
    if (dup) continue;
    for (int j = 0; j < k; j++) {
      if (truth[j] == got[i]) {
        hits++;
        break;
      }
    }
  }
  return hits;
}

// parallelFor runs fn(i) for i in [0, n) on the given number of threads,
// handing out indices from one atomic counter like hnswlib's Python
// binding's ParallelFor, so points are inserted in about id order.
template <typename F>
void parallelFor(size_t n, int threads, F fn) {
  std::atomic<size_t> next{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; t++) {
    pool.emplace_back([&] {
      for (size_t i; (i = next.fetch_add(1)) < n;) fn(i);
    });
  }
  for (auto& th : pool) th.join();
}

struct Data {
  Matrix<float> train, queries;
  Matrix<int32_t> truth;
};

Data load(const std::string& dir, bool cosine, int k) {
  Data d{readVecs<float>(dir + "/train.fvecs"), readVecs<float>(dir + "/queries.fvecs"),
         readVecs<int32_t>(dir + "/gt.ivecs")};
  if (d.train.dim != d.queries.dim) die("train and query dimensions differ");
  if (d.truth.rows != d.queries.rows || d.truth.dim < size_t(k)) die("ground truth does not match the queries");
  if (cosine) {
    normalize(d.train);
    normalize(d.queries);
  }
  return d;
}

void printBuild(const std::string& contender, const std::string& params, double buildS, int threads) {
  std::printf("{\"contender\": \"%s\", \"params\": \"%s\", \"build\": true, \"build_s\": %.4f, "
              "\"mem_mb\": %.1f, \"threads\": %d}\n",
              contender.c_str(), params.c_str(), buildS, peakRSSMB(), threads);
  std::fflush(stdout);
}

// sweep times the queries one at a time on this thread, after a warm-up,
// and prints one row.
template <typename Search>
void sweep(const std::string& contender, const char* key, int value, const Data& d, int k, Search search) {
  std::vector<int64_t> ids;
  for (size_t i = 0; i < std::min<size_t>(kWarmup, d.queries.rows); i++) search(d.queries.row(i), ids);
  std::vector<std::vector<int64_t>> results(d.queries.rows);
  auto t0 = std::chrono::steady_clock::now();
  for (size_t i = 0; i < d.queries.rows; i++) search(d.queries.row(i), results[i]);
  double el = seconds(t0);
  long hits = 0;
  for (size_t i = 0; i < d.queries.rows; i++) hits += recallHits(results[i], d.truth.row(i), k);
  std::printf("{\"contender\": \"%s\", \"params\": \"%s=%d\", \"%s\": %d, \"recall\": %.6f, \"qps\": %.2f, "
              "\"threads\": 1}\n",
              contender.c_str(), key, value, key, value, double(hits) / (double(k) * d.queries.rows),
              d.queries.rows / el);
  std::fflush(stdout);
}

void runHnswlib(const Data& d, bool cosine, int threads, int k, const std::vector<int>& efs, int m, int efc) {
  const std::string name = "hnswlib " ANNBENCH_HNSWLIB_VERSION " (native)";
  std::unique_ptr<hnswlib::SpaceInterface<float>> space;
  if (cosine) {
    space.reset(new hnswlib::InnerProductSpace(d.train.dim));
  } else {
    space.reset(new hnswlib::L2Space(d.train.dim));
  }
  auto t0 = std::chrono::steady_clock::now();
  // random_seed 100 is hnswlib's default, as in hnswlib_bench.py.
  hnswlib::HierarchicalNSW<float> index(space.get(), d.train.rows, m, efc, 100);
  parallelFor(d.train.rows, threads, [&](size_t i) { index.addPoint(d.train.row(i), i); });
  printBuild(name, "M=" + std::to_string(m) + " efC=" + std::to_string(efc), seconds(t0), threads);
  for (int ef : efs) {
    index.setEf(std::max(ef, k));
    sweep(name, "ef", ef, d, k, [&](const float* q, std::vector<int64_t>& out) {
      auto pq = index.searchKnn(q, k);
      out.clear();
      for (; !pq.empty(); pq.pop()) out.push_back(int64_t(pq.top().second));
    });
  }
}

template <typename Distance>
void runAnnoy(const Data& d, int threads, int k, const std::vector<int>& searchKs, int trees) {
  const std::string name = "annoy " ANNBENCH_ANNOY_VERSION " (native)";
  auto t0 = std::chrono::steady_clock::now();
  AnnoyIndex<int32_t, float, Distance, Kiss64Random, AnnoyIndexMultiThreadedBuildPolicy> index(d.train.dim);
  for (size_t i = 0; i < d.train.rows; i++) index.add_item(int32_t(i), d.train.row(i));
  char* err = nullptr;
  if (!index.build(trees, threads, &err)) die(std::string("annoy build: ") + (err ? err : "failed"));
  printBuild(name, "trees=" + std::to_string(trees), seconds(t0), threads);
  std::vector<int32_t> got;
  for (int sk : searchKs) {
    sweep(name, "search_k", sk, d, k, [&](const float* q, std::vector<int64_t>& out) {
      got.clear();
      index.get_nns_by_vector(q, k, sk, &got, nullptr);
      out.assign(got.begin(), got.end());
    });
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::string algo = argc > 1 ? argv[1] : "";
  if (algo == "version") {
    std::printf("{\"hnswlib\": \"%s\", \"annoy\": \"%s\", \"compiler\": \"g++ %s\", \"flags\": \"%s\"}\n",
                ANNBENCH_HNSWLIB_VERSION, ANNBENCH_ANNOY_VERSION, __VERSION__, ANNBENCH_CXXFLAGS);
    return 0;
  }
  if ((algo != "hnswlib" && algo != "annoy") || argc < 7) {
    std::fprintf(stderr,
                 "usage: annbench hnswlib DIR SPACE THREADS K EF[,EF...] [M EFC]\n"
                 "       annbench annoy DIR SPACE THREADS K SEARCH_K[,SEARCH_K...] [TREES]\n"
                 "       annbench version\n");
    return 2;
  }
  std::string dir = argv[2], space = argv[3];
  int threads = std::atoi(argv[4]), k = std::atoi(argv[5]);
  std::vector<int> sweepList = parseList(argv[6]);
  if (space != "l2" && space != "cosine") die("SPACE must be l2 or cosine, not " + space);
  if (threads < 1 || k < 1) die("THREADS and K must be positive");
  bool cosine = space == "cosine";
  Data d = load(dir, cosine, k);
  if (algo == "hnswlib") {
    int m = argc > 7 ? std::atoi(argv[7]) : 16, efc = argc > 8 ? std::atoi(argv[8]) : 200;
    runHnswlib(d, cosine, threads, k, sweepList, m, efc);
  } else {
    int trees = argc > 7 ? std::atoi(argv[7]) : 50;
    if (cosine) {
      runAnnoy<Angular>(d, threads, k, sweepList, trees);
    } else {
      runAnnoy<Euclidean>(d, threads, k, sweepList, trees);
    }
  }
  // The last line: this process's peak resident set, which bench/ann
  // reports as the contender's memory.
  std::printf("{\"peak_rss_mb\": %.1f}\n", peakRSSMB());
  return 0;
}
