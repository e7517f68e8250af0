// Word lists and the sentence patterns that turn them into news-like text.
#include "testsite/text_gen.hpp"

#include <cctype>
#include <string>
#include <unordered_map>

namespace khobao::testsite {
namespace {

using Words = std::vector<std::string>;

const Words& subjects() {
  static const Words w = {
      "Nông dân", "Người dân", "Chính quyền xã", "Hợp tác xã", "Ngành nông nghiệp", "Các hộ dân",
      "Ban quản lý dự án", "Hội Phụ nữ", "Đoàn Thanh niên", "Ngành y tế", "Các trường học",
      "Lực lượng biên phòng", "Doanh nghiệp", "Ngư dân", "Công an huyện", "Hội Cựu chiến binh",
      "Trung tâm y tế", "Ngành giáo dục", "Các làng nghề", "Thanh niên"};
  return w;
}
const Words& verbs() {
  static const Words w = {
      "đẩy mạnh", "triển khai", "tích cực hỗ trợ", "khẩn trương hoàn thành", "nâng cao hiệu quả",
      "chung tay xây dựng", "mở rộng", "đổi mới cách làm", "tập trung khắc phục", "ra quân thực hiện",
      "phối hợp tổ chức", "tăng cường kiểm tra", "kiên trì phát triển", "chủ động ứng phó với"};
  return w;
}
const Words& objects() {
  static const Words w = {
      "mô hình trồng bưởi hữu cơ", "dự án nước sạch nông thôn", "phong trào xây dựng nông thôn mới",
      "chương trình mỗi xã một sản phẩm", "tuyến đường giao thông liên xã", "vùng nuôi tôm công nghệ cao",
      "mùa vụ lúa hè thu", "công tác phòng chống thiên tai", "hoạt động khám bệnh miễn phí",
      "lớp học tiếng Anh cho trẻ em", "kênh mương nội đồng", "cánh đồng mẫu lớn", "đề án chuyển đổi số",
      "phong trào thể dục thể thao", "lễ hội văn hóa truyền thống", "sản phẩm du lịch cộng đồng",
      "chương trình vay vốn ưu đãi", "nhà văn hóa thôn xóm", "việc làm cho lao động địa phương",
      "công tác tiêm chủng mở rộng"};
  return w;
}
const Words& times() {
  static const Words w = {"Từ đầu năm đến nay", "Trong những ngày qua", "Sáng nay", "Những năm gần đây",
                          "Trong tháng này", "Sau đợt mưa lũ vừa qua", "Từ đầu vụ", "Cuối tuần qua"};
  return w;
}
const Words& results() {
  static const Words w = {
      "góp phần nâng cao thu nhập cho bà con", "tạo việc làm thường xuyên cho người lao động",
      "được người dân đồng tình ủng hộ", "mang lại hiệu quả kinh tế rõ rệt",
      "giúp diện mạo làng quê ngày càng khởi sắc", "bảo đảm an toàn cho người và tài sản",
      "thu hút đông đảo người dân tham gia", "tạo sức lan tỏa trong cộng đồng"};
  return w;
}
const Words& amounts() {
  static const Words w = {"triệu đồng", "hộ dân", "lao động", "ha", "tấn sản phẩm", "học sinh", "lượt người"};
  return w;
}
const Words& heading_words() {
  static const Words w = {"Giữ vững thương hiệu", "Hướng đi bền vững", "Nhiều khó khăn cần tháo gỡ",
                          "Chung tay vì cộng đồng", "Kỳ vọng mùa vụ mới", "Đổi thay từ cơ sở",
                          "Lan tỏa cách làm hay", "Sức sống ở làng quê"};
  return w;
}
const Words& name_first() {
  static const Words w = {"Thu", "Minh", "Đức", "Thanh", "Hoài", "Ngọc", "Quang", "Hải", "Phương",
                          "Thùy", "Hồng", "Xuân", "Tuấn", "Lan"};
  return w;
}
const Words& name_second() {
  static const Words w = {"Phương", "Quang", "Hằng", "Hoa", "Tấn", "Nam", "Sơn", "Trang", "Hà",
                          "Long", "Yến", "Thảo", "Dũng", "Vân"};
  return w;
}

// "Người dân" -> "người dân" for a subject in the middle of a sentence;
// organisations ("Hội Phụ nữ", "Đoàn Thanh niên") keep their capital.
std::string lower_first(std::string s) {
  if (s.starts_with("Hội ") || s.starts_with("Đoàn ")) return s;
  if (!s.empty() && std::isupper(static_cast<unsigned char>(s[0]))) s[0] = static_cast<char>(std::tolower(s[0]));
  return s;
}

std::string with_number(Rng& rng) {
  int n = rng.between(2, 980);
  std::string s = std::to_string(n);
  if (rng.below(3) == 0) s += "." + std::to_string(rng.between(100, 999));
  return s;
}

// Decodes one UTF-8 code point at s[i] and advances i; bad bytes come out as themselves.
char32_t next_code_point(std::string_view s, size_t& i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
  if (i + static_cast<size_t>(len) > s.size()) len = 1;
  char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
  for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + static_cast<size_t>(k)]) & 0x3F);
  i += static_cast<size_t>(len);
  return cp;
}

// Vietnamese letters with diacritics, lower and upper case, to their ASCII base.
const std::unordered_map<char32_t, char>& fold_table() {
  static const std::unordered_map<char32_t, char> table = [] {
    const std::pair<const char*, char> groups[] = {
        {"àáảãạăằắẳẵặâầấẩẫậÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ", 'a'}, {"èéẻẽẹêềếểễệÈÉẺẼẸÊỀẾỂỄỆ", 'e'},
        {"ìíỉĩịÌÍỈĨỊ", 'i'}, {"òóỏõọôồốổỗộơờớởỡợÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ", 'o'},
        {"ùúủũụưừứửữựÙÚỦŨỤƯỪỨỬỮỰ", 'u'}, {"ỳýỷỹỵỲÝỶỸỴ", 'y'}, {"đĐ", 'd'}};
    std::unordered_map<char32_t, char> t;
    for (const auto& [letters, base] : groups) {
      std::string_view s = letters;
      for (size_t i = 0; i < s.size();) t[next_code_point(s, i)] = base;
    }
    return t;
  }();
  return table;
}

}  // namespace

uint64_t Rng::next() {
  uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

uint64_t fnv1a(std::string_view s) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
  return h;
}

std::string make_title(Rng& rng, const std::vector<std::string>& places) {
  std::string t = rng.pick(subjects()) + " " + rng.pick(places) + " " + rng.pick(verbs()) + " " +
                  rng.pick(objects());
  if (rng.below(2) == 0) t += ", " + rng.pick(results());
  return t;
}

std::string make_subheading(Rng& rng) { return rng.pick(heading_words()); }

std::string make_sentence(Rng& rng, const std::vector<std::string>& places) {
  switch (rng.below(3)) {
    case 0:
      return rng.pick(times()) + ", " + lower_first(rng.pick(subjects())) + " ở " + rng.pick(places) + " đã " +
             rng.pick(verbs()) + " " + rng.pick(objects()) + " với hơn " + with_number(rng) + " " +
             rng.pick(amounts()) + ", " + rng.pick(results()) + ".";
    case 1:
      return "Theo lãnh đạo địa phương, " + rng.pick(objects()) + " tại " + rng.pick(places) +
             " đã có " + with_number(rng) + " " + rng.pick(amounts()) + " tham gia, " +
             rng.pick(results()) + ".";
    default:
      return "Ông " + make_person_name(rng) + ", người dân ở " + rng.pick(places) +
             ", cho biết gia đình đã " + rng.pick(verbs()) + " " + rng.pick(objects()) + " từ " +
             with_number(rng) + " ngày trước và nay " + rng.pick(results()) + ".";
  }
}

std::string make_paragraph(Rng& rng, const std::vector<std::string>& places, int sentences) {
  std::string p;
  for (int i = 0; i < sentences; ++i) {
    if (i) p += ' ';
    p += make_sentence(rng, places);
  }
  return p;
}

std::string make_person_name(Rng& rng) { return rng.pick(name_first()) + " " + rng.pick(name_second()); }

std::string slugify(std::string_view text) {
  std::string out;
  bool dash = false;
  for (size_t i = 0; i < text.size();) {
    char32_t cp = next_code_point(text, i);
    char c = 0;
    if (cp < 0x80 && std::isalnum(static_cast<int>(cp))) {
      c = static_cast<char>(std::tolower(static_cast<int>(cp)));
    } else if (auto it = fold_table().find(cp); it != fold_table().end()) {
      c = it->second;
    }
    if (c) {
      if (dash && !out.empty()) out += '-';
      out += c;
      dash = false;
    } else {
      dash = true;
    }
  }
  return out;
}

}  // namespace khobao::testsite
