// A value as bytes and back, for handing replication results between the ranks of an MPI
// job (analysis/cluster.h). Both ends are the same binary on the same kind of machine, so
// a trivially copyable value travels as its raw bytes: no versioning, no byte order.
//
// What can travel: trivially copyable types; std::string; std::vector and std::array of
// anything that can; and a struct that lists its members once, for both directions:
//   template <class F> void fields(F&& f) { f(day, intervals); }
// std::vector<bool> cannot (it is not a vector of bools); use std::vector<char>.
#pragma once

#include <array>
#include <cstddef>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace analysis::wire {

template <class T>
struct IsVector : std::false_type {};
template <class T, class A>
struct IsVector<std::vector<T, A>> : std::true_type {};
template <class T>
struct IsArray : std::false_type {};
template <class T, std::size_t N>
struct IsArray<std::array<T, N>> : std::true_type {};

template <class T>
concept Flat = std::is_trivially_copyable_v<T>;
template <class T>
concept HasFields = requires(T& t) { t.fields([](auto&...) {}); };

class Writer {
 public:
  template <class... T>
  void operator()(const T&... x) {
    (put(x), ...);
  }
  std::string take() { return std::move(bytes_); }

 private:
  // An empty vector's data() may be null, which memcpy and append must never see.
  void raw(const void* p, std::size_t n) {
    if (n != 0) bytes_.append(static_cast<const char*>(p), n);
  }
  template <class T>
  void put(const T& x) {
    static_assert(!std::is_same_v<T, std::vector<bool>>, "std::vector<bool> cannot travel");
    if constexpr (Flat<T>) {
      raw(&x, sizeof x);
    } else if constexpr (IsVector<T>::value || std::is_same_v<T, std::string>) {
      put(x.size());
      if constexpr (Flat<typename T::value_type>) {
        raw(x.data(), x.size() * sizeof(typename T::value_type));
      } else {
        for (const auto& e : x) put(e);
      }
    } else if constexpr (IsArray<T>::value) {
      for (const auto& e : x) put(e);
    } else {
      static_assert(HasFields<T>, "give the type a fields() member (analysis/wire.h)");
      const_cast<T&>(x).fields(*this);  // fields() only names the members; nothing is changed
    }
  }
  std::string bytes_;
};

class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}
  template <class... T>
  void operator()(T&... x) {
    (get(x), ...);
  }
  bool done() const { return at_ == bytes_.size(); }

 private:
  void raw(void* p, std::size_t n) {
    if (n > bytes_.size() - at_) throw std::runtime_error("wire: message shorter than its contents");
    if (n != 0) std::memcpy(p, bytes_.data() + at_, n);
    at_ += n;
  }
  template <class T>
  void get(T& x) {
    if constexpr (Flat<T>) {
      raw(&x, sizeof x);
    } else if constexpr (IsVector<T>::value || std::is_same_v<T, std::string>) {
      std::size_t n = 0;
      get(n);
      using E = typename T::value_type;
      if constexpr (Flat<E>) {
        if (n > (bytes_.size() - at_) / sizeof(E)) {
          throw std::runtime_error("wire: message shorter than its contents");
        }
        x.resize(n);
        raw(x.data(), n * sizeof(E));
      } else {  // one by one: a damaged length runs out of bytes before memory
        x.clear();
        for (std::size_t i = 0; i < n; ++i) get(x.emplace_back());
      }
    } else if constexpr (IsArray<T>::value) {
      for (auto& e : x) get(e);
    } else {
      x.fields(*this);
    }
  }
  std::string_view bytes_;
  std::size_t at_ = 0;
};

template <class T>
std::string pack(const T& x) {
  Writer w;
  w(x);
  return w.take();
}

// Throws std::runtime_error if `bytes` is not exactly one T.
template <class T>
T unpack(std::string_view bytes) {
  T x{};
  Reader r(bytes);
  r(x);
  if (!r.done()) throw std::runtime_error("wire: message longer than its contents");
  return x;
}

}  // namespace analysis::wire
