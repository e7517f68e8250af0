// A deterministic stream of synthetic Vietnamese news fetches for the archive
// benchmark: articles (Zipf-distributed words, place names, bylines, dates over
// ten years) rendered into per-site page templates, with some pages edited later.
#pragma once

#include "core/article.hpp"
#include "core/unicode.hpp"
#include "store/archive.hpp"

#include <utf8proc.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <map>
#include <queue>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace khobao::bench {

// ---------------------------------------------------------------------------
// Randomness: splitmix64, keyed by (seed, page, stream) so that any part of any
// page can be rebuilt on its own (the edit of a page, a title in a box).

constexpr std::uint64_t mix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

class Rng {
 public:
  explicit Rng(std::uint64_t state) : state_(state) {}
  Rng(std::uint64_t seed, std::uint64_t a, std::uint64_t b) : state_(mix64(seed ^ mix64(a * 0x100000001B3ull + b))) {}
  std::uint64_t next() { return mix64(state_++); }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  std::uint64_t below(std::uint64_t n) { return n == 0 ? 0 : next() % n; }
  int range(int lo, int hi) { return lo + static_cast<int>(below(static_cast<std::uint64_t>(hi - lo + 1))); }
  bool chance(double p) { return uniform() < p; }

 private:
  std::uint64_t state_;
};

// Draws items with weight 1/(rank+1)^s: a few words carry most of the text.
class Zipf {
 public:
  Zipf() = default;
  Zipf(std::size_t n, double s) {
    double total = 0;
    for (std::size_t i = 0; i < n; ++i) cumulative_.push_back(total += 1.0 / std::pow(static_cast<double>(i + 1), s));
  }
  std::size_t draw(Rng& r) const {
    double x = r.uniform() * cumulative_.back();
    auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), x);
    return std::min(static_cast<std::size_t>(it - cumulative_.begin()), cumulative_.size() - 1);
  }
  // The share of draws that give item i.
  double share(std::size_t i) const {
    return (cumulative_[i] - (i ? cumulative_[i - 1] : 0.0)) / cumulative_.back();
  }

 private:
  std::vector<double> cumulative_;
};

// ---------------------------------------------------------------------------
// Word lists. Common words are roughly in frequency order (compounds count as
// one word: their syllables come together, as "kinh tế" does in real text).

inline constexpr const char* kCommonWords[] = {
    "của", "và", "các", "là", "có", "được", "trong", "cho", "với", "những", "người", "đã", "không", "một",
    "này", "đến", "tại", "để", "từ", "về", "khi", "theo", "năm", "cũng", "đó", "nhiều", "ra", "như", "sẽ",
    "đang", "phải", "làm", "thì", "trên", "vào", "còn", "lại", "nhưng", "cùng", "nhất", "sau", "hơn", "rất",
    "đi", "hiện", "việc", "mới", "chỉ", "nên", "bị", "do", "số", "đây", "nhà", "ngày", "cao", "lên", "tháng",
    "nước", "tỉnh", "huyện", "xã", "dân", "người dân", "kinh tế", "phát triển", "xã hội", "tổ chức",
    "thực hiện", "công tác", "chính quyền", "địa phương", "cán bộ", "đảng viên", "Đảng", "nhân dân",
    "sản xuất", "nông nghiệp", "doanh nghiệp", "đầu tư", "dự án", "công trình", "giao thông", "đường", "cầu",
    "học sinh", "giáo viên", "trường", "bệnh viện", "bác sĩ", "sức khỏe", "môi trường", "nông dân", "lúa",
    "rau", "cá", "biển", "sông", "mưa", "bão", "lũ", "hạn hán", "thời tiết", "mùa", "vụ", "thu hoạch", "giá",
    "thị trường", "hàng hóa", "xuất khẩu", "nhập khẩu", "ngân sách", "tỷ đồng", "triệu đồng", "kế hoạch",
    "mục tiêu", "chỉ tiêu", "kết quả", "hoàn thành", "tiếp tục", "triển khai", "tăng cường", "đẩy mạnh",
    "nâng cao", "chất lượng", "hiệu quả", "quản lý", "kiểm tra", "giám sát", "vi phạm", "xử lý", "công an",
    "lực lượng", "an ninh", "trật tự", "an toàn", "tai nạn", "phòng chống", "dịch bệnh", "tiêm", "vắc xin",
    "văn hóa", "lễ hội", "du lịch", "du khách", "di tích", "lịch sử", "truyền thống", "thể thao", "bóng đá",
    "giải", "đội", "cầu thủ", "trận", "thi đấu", "vô địch", "huy chương", "hội nghị", "cuộc họp", "đại hội",
    "nghị quyết", "chủ trương", "chính sách", "pháp luật", "quy định", "luật", "thủ tục", "hành chính",
    "cải cách", "chuyển đổi số", "công nghệ", "thông tin", "truyền thông", "báo chí", "phóng viên", "lãnh đạo",
    "chủ tịch", "bí thư", "giám đốc", "phó", "ủy ban", "sở", "ban", "ngành", "đoàn", "thanh niên", "phụ nữ",
    "cựu chiến binh", "hộ nghèo", "an sinh", "hỗ trợ", "giúp đỡ", "khó khăn", "thuận lợi", "cơ hội",
    "thách thức", "tiềm năng", "lợi thế", "quy hoạch", "đất đai", "nhà ở", "khu công nghiệp", "khu kinh tế",
    "cảng", "điện", "nước sạch", "nông thôn mới", "đô thị", "thành phố", "thị xã", "thôn", "xóm", "bản",
    "gia đình", "trẻ em", "người cao tuổi", "học bổng", "thi", "tốt nghiệp", "đại học", "trung học",
    "tiểu học", "mầm non", "sáng", "chiều", "tối", "hôm nay", "hôm qua", "tuần", "quý", "đầu năm",
    "cuối năm", "trước", "tới", "gần", "xa", "lớn", "nhỏ", "tốt", "mạnh", "nhanh", "chậm", "đông", "vui",
    "đẹp", "mới đây", "vừa qua", "cụ thể", "đặc biệt", "ngoài ra", "bên cạnh", "đồng thời", "tuy nhiên",
    "vì vậy", "do đó", "trong khi", "đối với", "bao gồm", "khoảng", "dưới", "toàn", "tất cả", "mỗi", "từng",
    "nhau", "mình", "họ", "chúng tôi", "ông", "bà", "anh", "chị", "em", "cháu", "cho biết", "chia sẻ",
    "khẳng định", "nhấn mạnh", "đề nghị", "yêu cầu", "chỉ đạo", "đánh giá", "ghi nhận", "biểu dương",
    "khen thưởng", "trao", "tặng", "diễn ra", "tham gia", "tham dự", "đại biểu", "khách mời", "điểm", "mức",
    "tỷ lệ", "phần trăm", "đơn vị", "cơ quan", "trung tâm", "bệnh nhân", "điều trị", "cấp cứu", "phẫu thuật",
    "thuốc", "đời sống", "thu nhập", "việc làm", "lao động", "đào tạo", "nghề", "hợp tác xã", "chăn nuôi",
    "trồng trọt", "thủy sản", "lâm nghiệp", "rừng", "cây", "con", "đất", "trời", "nắng", "gió", "lạnh",
    "nóng", "mở rộng", "xây dựng", "sửa chữa", "nâng cấp", "khởi công", "khánh thành", "bàn giao",
    "đưa vào", "sử dụng", "vận hành", "kinh doanh", "sản phẩm", "thương hiệu", "chợ", "siêu thị",
    "tiêu dùng", "ngân hàng", "vốn", "vay", "lãi suất", "nợ", "thuế", "phí", "đầu mối", "liên kết",
};

// Syllables rare in news text: what a one-word "rare" query looks for.
inline constexpr const char* kRareSyllables[] = {
    "khuỷu", "nguệch", "ngoạc", "chênh", "vênh", "khuya", "lẩm", "bẩm", "nhễ", "nhại", "lõm", "bõm",
    "thoăn", "thoắt", "xoành", "xoạch", "ngoằn", "ngoèo", "lênh", "khênh", "quềnh", "chễm", "chệ", "khúm",
    "núm", "lúng", "túng", "bập", "bùng", "sừng", "sững", "lõa", "xõa", "thướt", "nguẩy", "ngoe", "khẳng",
    "khiu", "loằng", "ngoằng", "huơ", "khuơ", "ngoẹo", "đủng", "đỉnh", "đèo", "đẽo", "đìu", "hiu", "đẫy",
    "đon", "đả", "đỏng", "đảnh", "đủn", "đởn", "đoảng", "đụt", "đuểnh", "đoàng", "lởm", "chởm", "lổn",
    "nhổn", "khập", "khiễng", "lạch", "bạch", "phập", "phồng", "thậm", "thụt", "xập", "xệ", "lụp", "xụp",
    "ọp", "ẹp", "cọt", "kẹt", "lắt", "léo", "mủm", "mỉm", "ngúng", "nguẩy", "ngất", "ngưởng", "nhấp",
    "nhô", "nhõng", "nhẽo", "phất", "phơ", "quạu", "quọ", "rủng", "rỉnh", "sấp", "ngửa", "tẩn", "mẩn",
    "thẫn", "thờ", "tủm", "tỉm", "ướt", "át", "vặt", "vãnh", "xăm", "xói", "xuềnh", "xoàng", "ỉu", "xìu",
    "ẩm", "ương", "ậm", "ừ", "oằn", "oại", "khật", "khưỡng", "loạng", "choạng", "lảo", "đảo",
};

inline constexpr const char* kWeekdays[] = {"Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư",
                                            "Thứ Năm",  "Thứ Sáu", "Thứ Bảy"};

struct Category {
  const char* slug;
  const char* name;
};
inline constexpr Category kCategories[] = {
    {"thoi-su", "Thời sự"},     {"chinh-tri", "Chính trị"}, {"kinh-te", "Kinh tế"},   {"xa-hoi", "Xã hội"},
    {"van-hoa", "Văn hóa"},     {"the-thao", "Thể thao"},   {"phap-luat", "Pháp luật"}, {"giao-duc", "Giáo dục"},
    {"y-te", "Y tế"},           {"quoc-te", "Quốc tế"},     {"nong-nghiep", "Nông nghiệp"}, {"du-lich", "Du lịch"},
};

struct SiteSpec {
  const char* host;
  const char* province;
  const char* places;  // districts, "|"-separated
};
inline constexpr SiteSpec kSites[] = {
    {"baohatinh.vn", "Hà Tĩnh", "Thạch Hà|Cẩm Xuyên|Kỳ Anh|Hương Sơn|Đức Thọ|Can Lộc|Nghi Xuân|Hồng Lĩnh|Vũ Quang|Lộc Hà|Hương Khê"},
    {"baonghean.vn", "Nghệ An", "Diễn Châu|Đô Lương|Quỳnh Lưu|Nghi Lộc|Thanh Chương|Yên Thành|Con Cuông|Kỳ Sơn|Cửa Lò|Nam Đàn"},
    {"baothanhhoa.vn", "Thanh Hóa", "Sầm Sơn|Nghi Sơn|Hoằng Hóa|Quảng Xương|Thọ Xuân|Đông Sơn|Nga Sơn|Bá Thước"},
    {"baoquangbinh.vn", "Quảng Bình", "Đồng Hới|Bố Trạch|Lệ Thủy|Quảng Ninh|Tuyên Hóa|Minh Hóa|Ba Đồn"},
    {"baoquangtri.vn", "Quảng Trị", "Đông Hà|Vĩnh Linh|Gio Linh|Hải Lăng|Triệu Phong|Cam Lộ|Đakrông|Hướng Hóa"},
    {"baothuathienhue.vn", "Thừa Thiên Huế", "Phú Vang|Phong Điền|Quảng Điền|Hương Thủy|Hương Trà|Phú Lộc|A Lưới"},
    {"baodanang.vn", "Đà Nẵng", "Hải Châu|Thanh Khê|Sơn Trà|Ngũ Hành Sơn|Liên Chiểu|Cẩm Lệ|Hòa Vang"},
    {"baoquangnam.vn", "Quảng Nam", "Tam Kỳ|Hội An|Điện Bàn|Duy Xuyên|Thăng Bình|Núi Thành|Đại Lộc"},
    {"baoquangngai.vn", "Quảng Ngãi", "Bình Sơn|Sơn Tịnh|Tư Nghĩa|Mộ Đức|Đức Phổ|Lý Sơn|Ba Tơ"},
    {"baobinhdinh.vn", "Bình Định", "Quy Nhơn|An Nhơn|Hoài Nhơn|Phù Cát|Tây Sơn|Tuy Phước|Phù Mỹ"},
    {"baophuyen.vn", "Phú Yên", "Tuy Hòa|Sông Cầu|Đông Hòa|Tây Hòa|Phú Hòa|Sơn Hòa|Đồng Xuân"},
    {"baokhanhhoa.vn", "Khánh Hòa", "Nha Trang|Cam Ranh|Ninh Hòa|Vạn Ninh|Diên Khánh|Khánh Vĩnh|Trường Sa"},
    {"baoninhthuan.vn", "Ninh Thuận", "Phan Rang|Ninh Hải|Ninh Phước|Thuận Bắc|Bác Ái|Ninh Sơn"},
    {"baobinhthuan.vn", "Bình Thuận", "Phan Thiết|La Gi|Tuy Phong|Bắc Bình|Hàm Thuận|Đức Linh|Phú Quý"},
    {"baodaklak.vn", "Đắk Lắk", "Buôn Ma Thuột|Buôn Hồ|Krông Pắc|Ea Kar|Cư M'gar|Lắk|Krông Ana"},
    {"baogialai.vn", "Gia Lai", "Pleiku|An Khê|Ayun Pa|Chư Sê|Đức Cơ|Ia Grai|Mang Yang"},
    {"baokontum.vn", "Kon Tum", "Đắk Hà|Đắk Tô|Ngọc Hồi|Sa Thầy|Kon Plông|Kon Rẫy"},
    {"baolamdong.vn", "Lâm Đồng", "Đà Lạt|Bảo Lộc|Đức Trọng|Di Linh|Lạc Dương|Đơn Dương|Lâm Hà"},
    {"baothainguyen.vn", "Thái Nguyên", "Sông Công|Phổ Yên|Đại Từ|Định Hóa|Phú Lương|Đồng Hỷ|Võ Nhai"},
    {"baonamdinh.vn", "Nam Định", "Hải Hậu|Giao Thủy|Nghĩa Hưng|Xuân Trường|Trực Ninh|Ý Yên|Vụ Bản"},
};
inline constexpr std::size_t kSiteCount = std::size(kSites);

inline constexpr const char* kFamilyNames[] = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ",
                                               "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"};
inline constexpr const char* kMiddleNames[] = {"Thanh", "Minh", "Hoài", "Ngọc", "Thu", "Anh", "Quang", "Văn",
                                               "Thị", "Hữu", "Đức", "Bảo", "Hồng", "Kim", "Xuân", "Đình",
                                               "Phương", "Mai", "Trung", "Đăng"};
inline constexpr const char* kGivenNames[] = {
    "Hoài", "Tấn", "Nam", "Hà", "Lan", "Hương", "Tùng", "Dũng", "Hải", "Sơn", "Linh", "Trang", "Đạt", "Đông",
    "Thủy", "Nga", "Phong", "Quân", "Tâm", "Thảo", "Hiền", "Hiếu", "Khoa", "Long", "Nhung", "Oanh", "Phúc",
    "Quý", "Sang", "Thắng", "Toàn", "Uyên", "Việt", "Vinh", "Yến", "Đức", "Định", "Bình", "Châu", "Giang"};

// ---------------------------------------------------------------------------
// Small text helpers.

inline void append_escaped(std::string& out, std::string_view text) {
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
}

// `s` with its first letter upper-cased (Vietnamese letters included).
inline std::string capitalized(std::string s) {
  utf8proc_int32_t cp = 0;
  auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data()), static_cast<utf8proc_ssize_t>(s.size()), &cp);
  if (n <= 0) return s;
  utf8proc_uint8_t buf[4];
  auto m = utf8proc_encode_char(utf8proc_toupper(cp), buf);
  return std::string(reinterpret_cast<const char*>(buf), static_cast<std::size_t>(m)) + s.substr(static_cast<std::size_t>(n));
}

// "Thạch Hà mở rộng" -> "thach-ha-mo-rong": URL slugs as these sites make them.
inline std::string slug_of(std::string_view text, int max_words) {
  std::string folded = khobao::text::fold_for_match(text), out;
  int words = 0;
  bool gap = false;
  for (char c : folded) {
    bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!alnum) {
      gap = !out.empty();
      continue;
    }
    if (gap) {
      if (++words >= max_words) break;
      out += '-';
      gap = false;
    }
    out += c;
  }
  return out;
}

inline std::string hex_token(Rng& r, int chars) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < chars; ++i) out += kHex[r.below(16)];
  return out;
}

// Random bytes as base64: the incompressible part of real pages (inline
// images, icon fonts, signed tokens).
inline std::string base64_noise(Rng& r, std::size_t chars) {
  static constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (std::size_t i = 0; i < chars; ++i) out += kB64[r.below(64)];
  return out;
}

using Seconds = std::chrono::sys_seconds;

inline std::string format_time(Seconds t, int offset_hours, bool utc_z) {
  t += std::chrono::hours(offset_hours);
  auto day = std::chrono::floor<std::chrono::days>(t);
  std::chrono::year_month_day ymd{day};
  std::chrono::hh_mm_ss hms{t - day};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d%s", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()), utc_z ? "Z" : "+07:00");
  return buf;
}
inline std::string utc_iso(Seconds t) { return format_time(t, 0, true); }
inline std::string vn_iso(Seconds t) { return format_time(t, 7, false); }

// "Thứ Ba, 07/03/2026": the date line every page of these sites prints.
inline std::string vn_date_line(Seconds t) {
  auto day = std::chrono::floor<std::chrono::days>(t + std::chrono::hours(7));
  std::chrono::year_month_day ymd{day};
  std::chrono::weekday wd{day};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02u/%02u/%04d", kWeekdays[wd.c_encoding()], static_cast<unsigned>(ymd.day()),
                static_cast<unsigned>(ymd.month()), static_cast<int>(ymd.year()));
  return buf;
}

// ---------------------------------------------------------------------------
// Text: sentences of 10-30 syllables, paragraphs of 2-5 sentences.

class TextModel {
 public:
  TextModel() : common_(std::size(kCommonWords), 1.0), rare_(std::size(kRareSyllables), 1.5) {
    for (const SiteSpec& s : kSites) {
      std::vector<std::string> places;
      std::string_view all = s.places;
      while (!all.empty()) {
        std::size_t bar = all.find('|');
        places.emplace_back(all.substr(0, bar));
        all = bar == std::string_view::npos ? std::string_view() : all.substr(bar + 1);
      }
      places_.push_back(std::move(places));
    }
  }

  // One sentence about site `site`'s province, with its final full stop.
  std::string sentence(Rng& r, std::size_t site) const {
    int target = r.range(10, 30), syllables = 0;
    std::string out;
    while (syllables < target) {
      if (!out.empty()) out += r.chance(0.06) ? ", " : " ";
      std::string_view word = pick_word(r, site);
      out += word;
      syllables += 1 + static_cast<int>(std::count(word.begin(), word.end(), ' '));
    }
    return capitalized(std::move(out)) + ".";
  }

  std::string paragraph(Rng& r, std::size_t site) const {
    std::string out;
    for (int i = 0, n = r.range(2, 5); i < n; ++i) {
      if (i) out += ' ';
      out += sentence(r, site);
    }
    return out;
  }

  // A headline: 8-16 syllables, no full stop.
  std::string headline(Rng& r, std::size_t site) const {
    std::string s = sentence(r, site);
    s.pop_back();
    std::size_t cut = 0;
    for (int spaces = 0, want = r.range(8, 16); cut < s.size(); ++cut)
      if (s[cut] == ' ' && ++spaces == want) break;
    s.resize(cut);
    return s;
  }

  const std::vector<std::string>& places(std::size_t site) const { return places_[site]; }
  const Zipf& common() const { return common_; }

 private:
  std::string_view pick_word(Rng& r, std::size_t site) const {
    double x = r.uniform();
    if (x < 3e-4) return kRareSyllables[rare_.draw(r)];
    if (x < 0.025) return places_[site][r.below(places_[site].size())];
    if (x < 0.03) return kSites[site].province;
    if (x < 0.045) return kNumbers[r.below(std::size(kNumbers))];
    return kCommonWords[common_.draw(r)];
  }

  static constexpr const char* kNumbers[] = {"2", "3", "5", "10", "12", "15", "20", "30", "50", "100", "120",
                                             "200", "500", "1.000", "1.500", "2.000", "10.000", "35%", "80%",
                                             "95%", "1,2", "3,5"};
  Zipf common_, rare_;
  std::vector<std::vector<std::string>> places_;
};

// ---------------------------------------------------------------------------
// Site furniture: scripts, styles, menus and footer shared by every page of a
// site (one set before a redesign, another after), 30-80 KB.

struct Furniture {
  std::string head;       // <head> scripts and styles, after the per-page meta
  std::string header;     // menu
  std::string footer;     // footer and trailing scripts, before the per-page tail
  std::string prefix;     // class-name prefix of this design
};

class FurnitureMaker {
 public:
  Furniture make(std::uint64_t seed, std::size_t site, int design) const {
    Rng r(seed, 0xF0000000ull + site, static_cast<std::uint64_t>(design));
    Furniture f;
    f.prefix = std::string(1, static_cast<char>('a' + r.below(26))) + std::string(1, static_cast<char>('a' + r.below(26)));
    std::vector<std::string> palette;
    for (int i = 0; i < 10; ++i) palette.push_back("#" + hex_token(r, 6));
    std::size_t total = static_cast<std::size_t>(r.range(30, 80)) * 1024;
    std::string host = kSites[site].host;
    f.head = "<link rel=\"stylesheet\" href=\"https://static." + host + "/css/main.min.css?v={BUILD}\">\n";
    f.head += "<link rel=\"preconnect\" href=\"https://img." + host + "\">\n<style>" + css(r, f.prefix, palette, total * 35 / 100) + "</style>\n";
    f.head += "<script>" + js(r, f.prefix, host, total * 25 / 100) + "</script>\n";
    f.head += "<script src=\"https://static." + host + "/js/app.min.js?v={BUILD}\" defer></script>\n";
    f.header = menu(r, f.prefix, host);
    f.footer = footer(r, f.prefix, site) + "<script>" + js(r, f.prefix, host, total * 25 / 100) + "</script>\n";
    return f;
  }

 private:
  static constexpr const char* kParts[] = {
      "header", "nav", "menu", "item", "link", "logo", "search", "box", "list", "story", "title", "thumb",
      "sapo", "meta", "time", "author", "tag", "btn", "icon", "banner", "ads", "widget", "sidebar", "footer",
      "main", "content", "article", "body", "related", "comment", "share", "social", "video", "photo",
      "caption", "grid", "col", "row", "wrap", "container", "hot", "trend", "weather", "gold", "market",
      "breadcrumb", "pagination", "modal", "popup", "overlay"};
  static constexpr const char* kProps[] = {
      "display", "margin", "padding", "color", "font-size", "line-height", "background", "border", "width",
      "height", "position", "top", "left", "z-index", "overflow", "text-align", "font-weight", "transition",
      "flex", "justify-content", "align-items", "border-radius", "max-width", "min-height", "opacity",
      "transform", "box-shadow", "letter-spacing", "text-transform", "cursor"};
  static constexpr const char* kKeywords[] = {"block", "flex", "none", "inline-block", "relative", "absolute",
                                              "hidden", "center", "bold", "uppercase", "pointer", "auto",
                                              "space-between", "100%", "50%", "0", "inherit"};

  static std::string class_name(Rng& r, const std::string& prefix) {
    std::string c = prefix + "-" + kParts[r.below(std::size(kParts))];
    if (r.chance(0.6)) c += std::string("__") + kParts[r.below(std::size(kParts))];
    if (r.chance(0.2)) c += std::string("--") + kParts[r.below(std::size(kParts))];
    if (r.chance(0.15)) c += std::to_string(r.below(20));
    return c;
  }

  static std::string value(Rng& r, const std::vector<std::string>& palette) {
    switch (r.below(4)) {
      case 0: return std::to_string(r.below(48)) + "px";
      case 1: return palette[r.below(palette.size())];
      case 2: return std::to_string(r.below(30) / 10.0).substr(0, 3) + "rem";
      default: return kKeywords[r.below(std::size(kKeywords))];
    }
  }

  static std::string css(Rng& r, const std::string& prefix, const std::vector<std::string>& palette, std::size_t size) {
    std::string out;
    while (out.size() < size) {
      bool media = r.chance(0.05);
      if (media) out += "@media (max-width:" + std::to_string(r.range(320, 1200)) + "px){";
      for (int rule = 0, rules = media ? 3 : 1; rule < rules; ++rule) {
        out += '.';
        out += class_name(r, prefix);
        if (r.chance(0.3)) {
          out += " .";
          out += class_name(r, prefix);
        }
        if (r.chance(0.1)) out += ":hover";
        out += "{";
        for (int d = 0, n = r.range(2, 8); d < n; ++d)
          out += std::string(kProps[r.below(std::size(kProps))]) + ":" + value(r, palette) + ";";
        out += "}";
      }
      if (media) out += "}";
      if (r.chance(0.01)) out += ".ic-" + std::to_string(r.below(100)) + "{background:url(data:image/png;base64," + base64_noise(r, r.range(200, 1200)) + ")}";
      out += "\n";
    }
    return out;
  }

  static std::string identifier(Rng& r) {
    static constexpr const char* kWords[] = {"init", "load", "render", "toggle", "show", "hide", "menu", "ads",
                                             "slot", "lazy", "img", "scroll", "track", "view", "config",
                                             "state", "data", "item", "list", "event"};
    if (r.chance(0.5)) return std::string(1, static_cast<char>('a' + r.below(26))) + std::to_string(r.below(100));
    std::string id = kWords[r.below(std::size(kWords))];
    std::string second = kWords[r.below(std::size(kWords))];
    second[0] = static_cast<char>(second[0] - 'a' + 'A');
    return id + second;
  }

  static std::string js(Rng& r, const std::string& prefix, const std::string& host, std::size_t size) {
    static constexpr const char* kEvents[] = {"click", "scroll", "load", "resize", "mouseenter", "touchstart"};
    std::string out = "window.__" + prefix + "=window.__" + prefix + "||{};";
    while (out.size() < size) {
      std::string f = identifier(r), a = identifier(r), c = identifier(r);
      switch (r.below(4)) {
        case 0:
          out += "function " + f + "(" + a + "){var " + c + "=document.querySelector(\"." + class_name(r, prefix) +
                 "\");if(!" + c + ")return;" + c + ".addEventListener(\"" + kEvents[r.below(std::size(kEvents))] +
                 "\",function(e){e.preventDefault();" + c + ".classList.toggle(\"" + class_name(r, prefix) + "\")});}";
          break;
        case 1:
          out += "__" + prefix + "." + f + "={\"slot\":\"div-gpt-ad-" + std::to_string(r.next() % 10000000000000ull) +
                 "-0\",\"size\":[[300,250],[" + std::to_string(r.range(300, 980)) + "," + std::to_string(r.range(90, 600)) +
                 "]],\"path\":\"/" + std::to_string(r.range(1000000, 99999999)) + "/" + host + "/" + f + "\"};";
          break;
        case 2:
          out += "for(var " + a + "=0;" + a + "<" + c + ".length;" + a + "++){if(" + c + "[" + a + "].dataset." + f +
                 "){" + c + "[" + a + "].setAttribute(\"src\"," + c + "[" + a + "].dataset." + f + ")}}";
          break;
        default:
          out += "var " + f + "=\"" + base64_noise(r, r.range(16, 64)) + "\";";
      }
      if (r.chance(0.3)) out += "\n";
    }
    return out;
  }

  static std::string menu(Rng& r, const std::string& prefix, const std::string& host) {
    std::string out = "<header class=\"" + prefix + "-header\"><a class=\"" + prefix + "-logo\" href=\"https://" + host +
                      "/\"><img src=\"https://static." + host + "/img/logo.svg\" alt=\"logo\"></a><nav class=\"" +
                      prefix + "-nav\"><ul class=\"" + prefix + "-menu\">";
    for (const Category& c : kCategories) {
      out += "<li class=\"" + prefix + "-menu__item\"><a href=\"https://" + host + "/" + c.slug + "/\" title=\"" +
             c.name + "\">" + c.name + "</a><ul class=\"" + prefix + "-menu__sub\">";
      for (int i = 0, n = r.range(3, 6); i < n; ++i) {
        std::string name = capitalized(kCommonWords[r.range(60, static_cast<int>(std::size(kCommonWords)) - 1)]);
        out += "<li><a href=\"https://" + host + "/" + c.slug + "/" + slug_of(name, 4) + "/\">" + name + "</a></li>";
      }
      out += "</ul></li>\n";
    }
    return out + "</ul></nav></header>\n";
  }

  static std::string footer(Rng& r, const std::string& prefix, std::size_t site) {
    const SiteSpec& s = kSites[site];
    return "<footer class=\"" + prefix + "-footer\"><p>Báo " + s.province + " điện tử. Cơ quan của Đảng bộ tỉnh " +
           s.province + ".</p><p>Tổng Biên tập: " + kFamilyNames[r.below(std::size(kFamilyNames))] + " " +
           kMiddleNames[r.below(std::size(kMiddleNames))] + " " + kGivenNames[r.below(std::size(kGivenNames))] +
           "</p><p>Giấy phép số " + std::to_string(r.range(10, 999)) + "/GP-BTTTT. Địa chỉ: số " +
           std::to_string(r.range(1, 200)) + " đường Trần Phú, thành phố " + s.province + ". Điện thoại: 0239." +
           std::to_string(r.range(3000000, 3999999)) + "</p><p>© Bản quyền thuộc về Báo " + s.province +
           ". Ghi rõ nguồn khi phát hành lại thông tin từ website này.</p></footer>\n";
  }
};

// ---------------------------------------------------------------------------
// The fetch stream.

struct GeneratedFetch {
  khobao::FetchRecord fetch;
  khobao::Article article;
  std::int64_t page = 0;
  bool edit = false;  // the page's second version
};

class ArticleGenerator {
 public:
  // `versions` fetches spread over ten years; a share `edit_share` of the pages
  // is fetched again, edited, within a few thousand fetches of the first.
  ArticleGenerator(std::uint64_t seed, std::int64_t versions, double edit_share = 0.2)
      : seed_(seed), versions_(versions), edit_share_(edit_share), site_zipf_(kSiteCount, 0.6) {
    step_ = std::chrono::seconds(std::max<std::int64_t>(1, kSpanSeconds / std::max<std::int64_t>(1, versions)));
    Rng r(seed, 0xA0000000ull, 0);
    for (std::size_t s = 0; s < kSiteCount; ++s) {
      // Half of the sites are redesigned once, somewhere in the middle years.
      redesign_at_.push_back(r.chance(0.5) ? static_cast<std::int64_t>(static_cast<double>(versions) * (0.3 + 0.5 * r.uniform()))
                                           : versions + 1);
      for (int design = 0; design < 2; ++design) furniture_.push_back(FurnitureMaker().make(seed, s, design));
    }
    build_authors(r);
  }

  bool done() const { return position_ >= versions_; }
  std::int64_t position() const { return position_; }
  std::int64_t pages() const { return next_page_; }
  const TextModel& text() const { return text_; }
  const std::vector<std::string>& authors() const { return authors_; }

  GeneratedFetch next() {
    Seconds now = kStart + step_ * position_;
    GeneratedFetch out;
    if (!edits_.empty() && edits_.top().due <= position_) {
      Pending p = edits_.top();
      edits_.pop();
      out = fetch_of(p.page, p.first_fetch, now, true);
    } else {
      std::int64_t page = next_page_++;
      Rng r(seed_, static_cast<std::uint64_t>(page), 5);
      if (r.chance(edit_share_))
        edits_.push({position_ + r.range(50, 3000), page, now});
      out = fetch_of(page, now, now, false);
    }
    ++position_;
    return out;
  }

  // The site of page `page`: bigger sites publish more.
  std::size_t site_of(std::int64_t page) const {
    Rng r(seed_, static_cast<std::uint64_t>(page), 3);
    return site_zipf_.draw(r);
  }

  // The headline of page `page`, as every box that links to it shows it.
  std::string headline_of(std::int64_t page) const {
    Rng r(seed_, static_cast<std::uint64_t>(page), 2);
    return text_.headline(r, site_of(page));
  }

  std::string url_of(std::int64_t page, std::size_t site, std::size_t category, const std::string& title) const {
    return std::string("https://") + kSites[site].host + "/" + kCategories[category].slug + "/" + slug_of(title, 10) +
           "-" + std::to_string(100000 + page) + ".html";
  }

 private:
  static constexpr Seconds kStart = std::chrono::sys_days{std::chrono::year{2016} / 1 / 1};
  static constexpr std::int64_t kSpanSeconds = 10LL * 365 * 86400;

  struct Pending {
    std::int64_t due;
    std::int64_t page;
    Seconds first_fetch;
    bool operator>(const Pending& o) const { return due > o.due; }
  };

  void build_authors(Rng& r) {
    std::set<std::string> seen;
    while (authors_.size() < 500) {
      std::string name = std::string(kMiddleNames[r.below(std::size(kMiddleNames))]) + " " +
                         kGivenNames[r.below(std::size(kGivenNames))];
      if (r.chance(0.3)) name = std::string(kFamilyNames[r.below(std::size(kFamilyNames))]) + " " + name;
      if (seen.insert(name).second) authors_.push_back(name);
    }
  }

  // The article of page `page` as first published; `edited` changes one
  // paragraph (and now and then the headline).
  khobao::Article article_of(std::int64_t page, Seconds first_fetch, Seconds now, bool edited, std::size_t& category) const {
    std::size_t site = site_of(page);
    Rng r(seed_, static_cast<std::uint64_t>(page), 0);
    category = r.below(std::size(kCategories));
    khobao::Article a;
    a.title = headline_of(page);
    a.site = kSites[site].host;
    a.url = url_of(page, site, category, *a.title);
    a.lead = text_.sentence(r, site) + (r.chance(0.5) ? " " + text_.sentence(r, site) : "");
    std::vector<std::string> paragraphs;
    for (int i = 0, n = r.range(4, 15); i < n; ++i) paragraphs.push_back(text_.paragraph(r, site));
    for (int i = 0, n = r.range(1, 2); i < n; ++i) {
      std::string name = authors_[author_zipf_draw(r)];
      if (std::find(a.authors.begin(), a.authors.end(), name) == a.authors.end()) a.authors.push_back(name);
    }
    if (r.chance(0.05)) a.source = "TTXVN";
    for (int i = 0, n = r.range(0, 3); i < n; ++i)
      a.captions.push_back({text_.sentence(r, site), "https://img." + std::string(kSites[site].host) + "/" +
                                                         std::to_string(page) + "-" + std::to_string(i) + ".jpg"});
    for (int i = 0, n = r.range(2, 4); i < n; ++i) a.tags.push_back(capitalized(kCommonWords[r.range(60, 200)]));
    a.tags.push_back(text_.places(site)[r.below(text_.places(site).size())]);
    add_related(r, page, site, a);
    a.published_at = vn_iso(first_fetch - std::chrono::seconds(r.range(600, 6 * 3600)));
    if (edited) {
      Rng e(seed_, static_cast<std::uint64_t>(page), 1);
      paragraphs[e.below(paragraphs.size())] = text_.paragraph(e, site);
      if (e.chance(0.1)) a.title = text_.headline(e, site);
      a.updated_at = vn_iso(now - std::chrono::seconds(e.range(60, 3600)));
    }
    for (const std::string& p : paragraphs) a.body += (a.body.empty() ? "" : "\n\n") + p;
    a.language = "vi";
    a.extractor = "site:" + std::string(kSites[site].host);
    return a;
  }

  std::size_t author_zipf_draw(Rng& r) const {
    static const Zipf kAuthors(500, 0.8);
    return kAuthors.draw(r);
  }

  // Up to 4 earlier articles of the same site.
  void add_related(Rng& r, std::int64_t page, std::size_t site, khobao::Article& a) const {
    for (int i = 0, n = r.range(0, 4); i < n; ++i) {
      std::int64_t other = page - 1 - static_cast<std::int64_t>(r.below(2000));
      for (int tries = 0; other >= 0 && site_of(other) != site && tries < 200; ++tries) --other;
      if (other < 0 || site_of(other) != site) break;
      std::string title = headline_of(other);
      Rng o(seed_, static_cast<std::uint64_t>(other), 0);
      a.related.push_back({url_of(other, site, o.below(std::size(kCategories)), title), title, std::nullopt});
    }
  }

  GeneratedFetch fetch_of(std::int64_t page, Seconds first_fetch, Seconds now, bool edited) const {
    GeneratedFetch out;
    std::size_t category = 0;
    out.article = article_of(page, first_fetch, now, edited, category);
    out.page = page;
    out.edit = edited;
    std::size_t site = site_of(page);
    khobao::FetchRecord& f = out.fetch;
    f.url = *out.article.url;
    f.site = kSites[site].host;
    f.fetched_at = utc_iso(now);
    f.page_kind = "article";
    f.status = 200;
    Rng r(seed_, static_cast<std::uint64_t>(page), edited ? 7 : 6);
    f.etag = "\"" + hex_token(r, 16) + "\"";
    f.headers = "Server: nginx\r\nDate: " + utc_iso(now) + "\r\nContent-Type: text/html; charset=utf-8\r\n"
                "Cache-Control: max-age=60\r\nETag: " + *f.etag + "\r\nX-Cache: " + (r.chance(0.7) ? "HIT" : "MISS") + "\r\n";
    f.duration_ms = r.range(40, 900);
    f.body = render(out.article, site, category, page, now, r);
    return out;
  }

  // The page as the site serves it: the design's furniture around the article,
  // with what changes from page to page on a real site (date line, build
  // number, "most read" box of the day, tokens).
  std::string render(const khobao::Article& a, std::size_t site, std::size_t category, std::int64_t page, Seconds now,
                     Rng& r) const {
    const std::int64_t position = position_;
    const Furniture& f = furniture_[site * 2 + (position >= redesign_at_[site] ? 1 : 0)];
    const std::string& p = f.prefix;
    std::int64_t day = std::chrono::floor<std::chrono::days>(now).time_since_epoch().count();
    std::string build = std::to_string(mix64(static_cast<std::uint64_t>(site * 1000 + day / 30)) % 100000);
    std::string html = "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n<title>";
    append_escaped(html, *a.title);
    html += " - Báo " + std::string(kSites[site].province) + "</title>\n<meta name=\"description\" content=\"";
    append_escaped(html, *a.lead);
    html += "\">\n<meta property=\"og:title\" content=\"";
    append_escaped(html, *a.title);
    html += "\">\n<meta property=\"og:url\" content=\"" + *a.url + "\">\n<link rel=\"canonical\" href=\"" + *a.url +
            "\">\n<meta property=\"article:published_time\" content=\"" + *a.published_at + "\">\n";
    append_with_build(html, f.head, build);
    html += "</head>\n<body class=\"" + p + "-body " + p + "-cat-" + kCategories[category].slug + "\">\n";
    html += "<div class=\"" + p + "-topbar\"><span class=\"" + p + "-date\">" + vn_date_line(now) +
            "</span><span class=\"" + p + "-weather\">" + kSites[site].province + " " + std::to_string(18 + day % 17) +
            "°C</span></div>\n";
    html += f.header;
    html += "<main class=\"" + p + "-main\"><article class=\"" + p + "-article\">\n<div class=\"" + p +
            "-breadcrumb\"><a href=\"https://" + kSites[site].host + "/" + kCategories[category].slug + "/\">" +
            kCategories[category].name + "</a></div>\n<h1 class=\"" + p + "-article__title\">";
    append_escaped(html, *a.title);
    html += "</h1>\n<div class=\"" + p + "-article__meta\"><span class=\"" + p + "-author\">";
    for (std::size_t i = 0; i < a.authors.size(); ++i) html += (i ? " - " : "") + a.authors[i];
    html += "</span> <time datetime=\"" + *a.published_at + "\">" + a.published_at->substr(11, 5) + " " +
            a.published_at->substr(8, 2) + "/" + a.published_at->substr(5, 2) + "/" + a.published_at->substr(0, 4) +
            "</time></div>\n<div class=\"" + p + "-article__sapo\">";
    append_escaped(html, *a.lead);
    html += "</div>\n<div class=\"" + p + "-article__body\">\n";
    render_body(html, a, p);
    html += "</div>\n<div class=\"" + p + "-tags\">";
    for (const std::string& t : a.tags) html += "<a href=\"/tag/" + slug_of(t, 6) + "\">" + t + "</a>";
    html += "</div>\n";
    if (!a.related.empty()) {
      html += "<div class=\"" + p + "-related\"><h3>Tin liên quan</h3><ul>";
      for (const auto& rel : a.related) {
        html += "<li><a href=\"" + rel.url + "\">";
        append_escaped(html, rel.title);
        html += "</a></li>";
      }
      html += "</ul></div>\n";
    }
    html += "</article>\n";
    render_most_read(html, p, site, day);
    html += "</main>\n";
    append_with_build(html, f.footer, build);
    html += "<script>window.__" + p + ".page={\"id\":" + std::to_string(100000 + page) + ",\"cat\":\"" +
            kCategories[category].slug + "\",\"csrf\":\"" + hex_token(r, 32) + "\"};</script>\n</body>\n</html>\n";
    return html;
  }

  static void render_body(std::string& html, const khobao::Article& a, const std::string& p) {
    std::string_view body = a.body;
    std::size_t paragraph = 0;
    while (!body.empty()) {
      std::size_t end = body.find("\n\n");
      html += "<p>";
      append_escaped(html, body.substr(0, end));
      html += "</p>\n";
      body = end == std::string_view::npos ? std::string_view() : body.substr(end + 2);
      // A photo after every third paragraph while captions last.
      if (++paragraph % 3 == 0 && paragraph / 3 <= a.captions.size()) {
        const khobao::Caption& c = a.captions[paragraph / 3 - 1];
        html += "<figure class=\"" + p + "-photo\"><img src=\"" + *c.image + "\" alt=\"\"><figcaption>";
        append_escaped(html, c.text);
        html += "</figcaption></figure>\n";
      }
    }
  }

  // The day's most read articles of the site: ten headlines.
  void render_most_read(std::string& html, const std::string& p, std::size_t site, std::int64_t day) const {
    Rng r(seed_, 0xB0000000ull + site, static_cast<std::uint64_t>(day));
    html += "<aside class=\"" + p + "-sidebar\"><div class=\"" + p + "-mostread\"><h3>Đọc nhiều</h3><ol>";
    for (int i = 0; i < 10; ++i) {
      std::int64_t other = static_cast<std::int64_t>(r.below(static_cast<std::uint64_t>(std::max<std::int64_t>(1, next_page_))));
      html += "<li><a href=\"https://" + std::string(kSites[site].host) + "/a-" + std::to_string(100000 + other) + ".html\">";
      append_escaped(html, headline_of(other));
      html += "</a></li>";
    }
    html += "</ol></div></aside>\n";
  }

  static void append_with_build(std::string& out, const std::string& text, const std::string& build) {
    std::size_t from = 0;
    for (std::size_t at; (at = text.find("{BUILD}", from)) != std::string::npos; from = at + 7)
      out.append(text, from, at - from).append(build);
    out.append(text, from);
  }

  std::uint64_t seed_;
  std::int64_t versions_;
  double edit_share_;
  std::chrono::seconds step_{1};
  Zipf site_zipf_;
  TextModel text_;
  std::vector<std::int64_t> redesign_at_;
  std::vector<Furniture> furniture_;  // [site * 2 + design]
  std::vector<std::string> authors_;
  std::priority_queue<Pending, std::vector<Pending>, std::greater<>> edits_;
  std::int64_t position_ = 0;
  std::int64_t next_page_ = 0;
};

}  // namespace khobao::bench
