// Characters, emoji and host names for the message parser: UTF-8 decoding, the grammar's
// character classes, UnicodeEmoji and EmoticonPattern, and the host check that
// @rocket.chat/message-parser delegates to tldts. The tables are facts, not code: Unicode
// letter, digit and mark ranges as the grammar lists them, and the top-level domains that
// the Public Suffix List bundled with tldts 6.1 knows.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>

#include "chat/message_parser_internal.hpp"

namespace parley::chat::md {
namespace {

struct Range {
  char32_t lo, hi;
};

// clang-format off
// Letters and digits outside ASCII (the grammar's AlphaChar and DecimalNumberChar).
constexpr Range kAlnum[] = {
    {0x30, 0x39}, {0x41, 0x5A}, {0x61, 0x7A}, {0xAA, 0xAA}, {0xB5, 0xB5}, {0xBA, 0xBA},
    {0xC0, 0xD6}, {0xD8, 0xF6}, {0xF8, 0x2C1}, {0x2C6, 0x2D1}, {0x2E0, 0x2E4}, {0x2EC, 0x2EC},
    {0x2EE, 0x2EE}, {0x370, 0x374}, {0x376, 0x377}, {0x37A, 0x37D}, {0x37F, 0x37F}, {0x386, 0x386},
    {0x388, 0x38A}, {0x38C, 0x38C}, {0x38E, 0x3A1}, {0x3A3, 0x3F5}, {0x3F7, 0x481}, {0x48A, 0x52F},
    {0x531, 0x556}, {0x559, 0x559}, {0x561, 0x587}, {0x5D0, 0x5EA}, {0x5F0, 0x5F2}, {0x620, 0x64A},
    {0x660, 0x669}, {0x66E, 0x66F}, {0x671, 0x6D3}, {0x6D5, 0x6D5}, {0x6E5, 0x6E6}, {0x6EE, 0x6FC},
    {0x6FF, 0x6FF}, {0x710, 0x710}, {0x712, 0x72F}, {0x74D, 0x7A5}, {0x7B1, 0x7B1}, {0x7C0, 0x7EA},
    {0x7F4, 0x7F5}, {0x7FA, 0x7FA}, {0x800, 0x815}, {0x81A, 0x81A}, {0x824, 0x824}, {0x828, 0x828},
    {0x840, 0x858}, {0x8A0, 0x8B4}, {0x8B6, 0x8BD}, {0x904, 0x939}, {0x93D, 0x93D}, {0x950, 0x950},
    {0x958, 0x961}, {0x966, 0x96F}, {0x971, 0x980}, {0x985, 0x98C}, {0x98F, 0x990}, {0x993, 0x9A8},
    {0x9AA, 0x9B0}, {0x9B2, 0x9B2}, {0x9B6, 0x9B9}, {0x9BD, 0x9BD}, {0x9CE, 0x9CE}, {0x9DC, 0x9DD},
    {0x9DF, 0x9E1}, {0x9E6, 0x9F1}, {0xA05, 0xA0A}, {0xA0F, 0xA10}, {0xA13, 0xA28}, {0xA2A, 0xA30},
    {0xA32, 0xA33}, {0xA35, 0xA36}, {0xA38, 0xA39}, {0xA59, 0xA5C}, {0xA5E, 0xA5E}, {0xA66, 0xA6F},
    {0xA72, 0xA74}, {0xA85, 0xA8D}, {0xA8F, 0xA91}, {0xA93, 0xAA8}, {0xAAA, 0xAB0}, {0xAB2, 0xAB3},
    {0xAB5, 0xAB9}, {0xABD, 0xABD}, {0xAD0, 0xAD0}, {0xAE0, 0xAE1}, {0xAE6, 0xAEF}, {0xAF9, 0xAF9},
    {0xB05, 0xB0C}, {0xB0F, 0xB10}, {0xB13, 0xB28}, {0xB2A, 0xB30}, {0xB32, 0xB33}, {0xB35, 0xB39},
    {0xB3D, 0xB3D}, {0xB5C, 0xB5D}, {0xB5F, 0xB61}, {0xB66, 0xB6F}, {0xB71, 0xB71}, {0xB83, 0xB83},
    {0xB85, 0xB8A}, {0xB8E, 0xB90}, {0xB92, 0xB95}, {0xB99, 0xB9A}, {0xB9C, 0xB9C}, {0xB9E, 0xB9F},
    {0xBA3, 0xBA4}, {0xBA8, 0xBAA}, {0xBAE, 0xBB9}, {0xBD0, 0xBD0}, {0xBE6, 0xBEF}, {0xC05, 0xC0C},
    {0xC0E, 0xC10}, {0xC12, 0xC28}, {0xC2A, 0xC39}, {0xC3D, 0xC3D}, {0xC58, 0xC5A}, {0xC60, 0xC61},
    {0xC66, 0xC6F}, {0xC80, 0xC80}, {0xC85, 0xC8C}, {0xC8E, 0xC90}, {0xC92, 0xCA8}, {0xCAA, 0xCB3},
    {0xCB5, 0xCB9}, {0xCBD, 0xCBD}, {0xCDE, 0xCDE}, {0xCE0, 0xCE1}, {0xCE6, 0xCEF}, {0xCF1, 0xCF2},
    {0xD05, 0xD0C}, {0xD0E, 0xD10}, {0xD12, 0xD3A}, {0xD3D, 0xD3D}, {0xD4E, 0xD4E}, {0xD54, 0xD56},
    {0xD5F, 0xD61}, {0xD66, 0xD6F}, {0xD7A, 0xD7F}, {0xD85, 0xD96}, {0xD9A, 0xDB1}, {0xDB3, 0xDBB},
    {0xDBD, 0xDBD}, {0xDC0, 0xDC6}, {0xDE6, 0xDEF}, {0xE01, 0xE30}, {0xE32, 0xE33}, {0xE40, 0xE46},
    {0xE50, 0xE59}, {0xE81, 0xE82}, {0xE84, 0xE84}, {0xE87, 0xE88}, {0xE8A, 0xE8A}, {0xE8D, 0xE8D},
    {0xE94, 0xE97}, {0xE99, 0xE9F}, {0xEA1, 0xEA3}, {0xEA5, 0xEA5}, {0xEA7, 0xEA7}, {0xEAA, 0xEAB},
    {0xEAD, 0xEB0}, {0xEB2, 0xEB3}, {0xEBD, 0xEBD}, {0xEC0, 0xEC4}, {0xEC6, 0xEC6}, {0xED0, 0xED9},
    {0xEDC, 0xEDF}, {0xF00, 0xF00}, {0xF20, 0xF29}, {0xF40, 0xF47}, {0xF49, 0xF6C}, {0xF88, 0xF8C},
    {0x1000, 0x102A}, {0x103F, 0x1049}, {0x1050, 0x1055}, {0x105A, 0x105D}, {0x1061, 0x1061},
    {0x1065, 0x1066}, {0x106E, 0x1070}, {0x1075, 0x1081}, {0x108E, 0x108E}, {0x1090, 0x1099},
    {0x10A0, 0x10C5}, {0x10C7, 0x10C7}, {0x10CD, 0x10CD}, {0x10D0, 0x10FA}, {0x10FC, 0x1248},
    {0x124A, 0x124D}, {0x1250, 0x1256}, {0x1258, 0x1258}, {0x125A, 0x125D}, {0x1260, 0x1288},
    {0x128A, 0x128D}, {0x1290, 0x12B0}, {0x12B2, 0x12B5}, {0x12B8, 0x12BE}, {0x12C0, 0x12C0},
    {0x12C2, 0x12C5}, {0x12C8, 0x12D6}, {0x12D8, 0x1310}, {0x1312, 0x1315}, {0x1318, 0x135A},
    {0x1380, 0x138F}, {0x13A0, 0x13F5}, {0x13F8, 0x13FD}, {0x1401, 0x166C}, {0x166F, 0x167F},
    {0x1681, 0x169A}, {0x16A0, 0x16EA}, {0x16F1, 0x16F8}, {0x1700, 0x170C}, {0x170E, 0x1711},
    {0x1720, 0x1731}, {0x1740, 0x1751}, {0x1760, 0x176C}, {0x176E, 0x1770}, {0x1780, 0x17B3},
    {0x17D7, 0x17D7}, {0x17DC, 0x17DC}, {0x17E0, 0x17E9}, {0x1810, 0x1819}, {0x1820, 0x1877},
    {0x1880, 0x1884}, {0x1887, 0x18A8}, {0x18AA, 0x18AA}, {0x18B0, 0x18F5}, {0x1900, 0x191E},
    {0x1946, 0x196D}, {0x1970, 0x1974}, {0x1980, 0x19AB}, {0x19B0, 0x19C9}, {0x19D0, 0x19D9},
    {0x1A00, 0x1A16}, {0x1A20, 0x1A54}, {0x1A80, 0x1A89}, {0x1A90, 0x1A99}, {0x1AA7, 0x1AA7},
    {0x1B05, 0x1B33}, {0x1B45, 0x1B4B}, {0x1B50, 0x1B59}, {0x1B83, 0x1BA0}, {0x1BAE, 0x1BE5},
    {0x1C00, 0x1C23}, {0x1C40, 0x1C49}, {0x1C4D, 0x1C7D}, {0x1C80, 0x1C88}, {0x1CE9, 0x1CEC},
    {0x1CEE, 0x1CF1}, {0x1CF5, 0x1CF6}, {0x1D00, 0x1DBF}, {0x1E00, 0x1F15}, {0x1F18, 0x1F1D},
    {0x1F20, 0x1F45}, {0x1F48, 0x1F4D}, {0x1F50, 0x1F57}, {0x1F59, 0x1F59}, {0x1F5B, 0x1F5B},
    {0x1F5D, 0x1F5D}, {0x1F5F, 0x1F7D}, {0x1F80, 0x1FB4}, {0x1FB6, 0x1FBC}, {0x1FBE, 0x1FBE},
    {0x1FC2, 0x1FC4}, {0x1FC6, 0x1FCC}, {0x1FD0, 0x1FD3}, {0x1FD6, 0x1FDB}, {0x1FE0, 0x1FEC},
    {0x1FF2, 0x1FF4}, {0x1FF6, 0x1FFC}, {0x2071, 0x2071}, {0x207F, 0x207F}, {0x2090, 0x209C},
    {0x2102, 0x2102}, {0x2107, 0x2107}, {0x210A, 0x2113}, {0x2115, 0x2115}, {0x2119, 0x211D},
    {0x2124, 0x2124}, {0x2126, 0x2126}, {0x2128, 0x2128}, {0x212A, 0x212D}, {0x212F, 0x2139},
    {0x213C, 0x213F}, {0x2145, 0x2149}, {0x214E, 0x214E}, {0x2183, 0x2184}, {0x2C00, 0x2C2E},
    {0x2C30, 0x2C5E}, {0x2C60, 0x2CE4}, {0x2CEB, 0x2CEE}, {0x2CF2, 0x2CF3}, {0x2D00, 0x2D25},
    {0x2D27, 0x2D27}, {0x2D2D, 0x2D2D}, {0x2D30, 0x2D67}, {0x2D6F, 0x2D6F}, {0x2D80, 0x2D96},
    {0x2DA0, 0x2DA6}, {0x2DA8, 0x2DAE}, {0x2DB0, 0x2DB6}, {0x2DB8, 0x2DBE}, {0x2DC0, 0x2DC6},
    {0x2DC8, 0x2DCE}, {0x2DD0, 0x2DD6}, {0x2DD8, 0x2DDE}, {0x2E2F, 0x2E2F}, {0x3005, 0x3006},
    {0x3031, 0x3035}, {0x303B, 0x303C}, {0x3041, 0x3096}, {0x309D, 0x309F}, {0x30A1, 0x30FA},
    {0x30FC, 0x30FF}, {0x3105, 0x312D}, {0x3131, 0x318E}, {0x31A0, 0x31BA}, {0x31F0, 0x31FF},
    {0x3400, 0x4DB5}, {0x4E00, 0x9FD5}, {0xA000, 0xA48C}, {0xA4D0, 0xA4FD}, {0xA500, 0xA60C},
    {0xA610, 0xA62B}, {0xA640, 0xA66E}, {0xA67F, 0xA69D}, {0xA6A0, 0xA6E5}, {0xA717, 0xA71F},
    {0xA722, 0xA788}, {0xA78B, 0xA7AE}, {0xA7B0, 0xA7B7}, {0xA7F7, 0xA801}, {0xA803, 0xA805},
    {0xA807, 0xA80A}, {0xA80C, 0xA822}, {0xA840, 0xA873}, {0xA882, 0xA8B3}, {0xA8D0, 0xA8D9},
    {0xA8F2, 0xA8F7}, {0xA8FB, 0xA8FB}, {0xA8FD, 0xA8FD}, {0xA900, 0xA925}, {0xA930, 0xA946},
    {0xA960, 0xA97C}, {0xA984, 0xA9B2}, {0xA9CF, 0xA9D9}, {0xA9E0, 0xA9E4}, {0xA9E6, 0xA9FE},
    {0xAA00, 0xAA28}, {0xAA40, 0xAA42}, {0xAA44, 0xAA4B}, {0xAA50, 0xAA59}, {0xAA60, 0xAA76},
    {0xAA7A, 0xAA7A}, {0xAA7E, 0xAAAF}, {0xAAB1, 0xAAB1}, {0xAAB5, 0xAAB6}, {0xAAB9, 0xAABD},
    {0xAAC0, 0xAAC0}, {0xAAC2, 0xAAC2}, {0xAADB, 0xAADD}, {0xAAE0, 0xAAEA}, {0xAAF2, 0xAAF4},
    {0xAB01, 0xAB06}, {0xAB09, 0xAB0E}, {0xAB11, 0xAB16}, {0xAB20, 0xAB26}, {0xAB28, 0xAB2E},
    {0xAB30, 0xAB5A}, {0xAB5C, 0xAB65}, {0xAB70, 0xABE2}, {0xABF0, 0xABF9}, {0xAC00, 0xD7A3},
    {0xD7B0, 0xD7C6}, {0xD7CB, 0xD7FB}, {0xF900, 0xFA6D}, {0xFA70, 0xFAD9}, {0xFB00, 0xFB06},
    {0xFB13, 0xFB17}, {0xFB1D, 0xFB1D}, {0xFB1F, 0xFB28}, {0xFB2A, 0xFB36}, {0xFB38, 0xFB3C},
    {0xFB3E, 0xFB3E}, {0xFB40, 0xFB41}, {0xFB43, 0xFB44}, {0xFB46, 0xFBB1}, {0xFBD3, 0xFD3D},
    {0xFD50, 0xFD8F}, {0xFD92, 0xFDC7}, {0xFDF0, 0xFDFB}, {0xFE70, 0xFE74}, {0xFE76, 0xFEFC},
    {0xFF10, 0xFF19}, {0xFF21, 0xFF3A}, {0xFF41, 0xFF5A}, {0xFF66, 0xFFBE}, {0xFFC2, 0xFFC7},
    {0xFFCA, 0xFFCF}, {0xFFD2, 0xFFD7}, {0xFFDA, 0xFFDC},
};

// What AlphaNumericOrMarkChar adds to them: combining marks and emoji symbols.
constexpr Range kMarkOrEmoji[] = {
    {0xA9, 0xA9}, {0xAE, 0xAE}, {0x300, 0x36F}, {0x483, 0x489}, {0x591, 0x5BD}, {0x5BF, 0x5BF},
    {0x5C1, 0x5C2}, {0x5C4, 0x5C5}, {0x5C7, 0x5C7}, {0x610, 0x61A}, {0x64B, 0x65F}, {0x670, 0x670},
    {0x6D6, 0x6DC}, {0x6DF, 0x6E4}, {0x6E7, 0x6E8}, {0x6EA, 0x6ED}, {0x711, 0x711}, {0x730, 0x74A},
    {0x7A6, 0x7B0}, {0x7EB, 0x7F3}, {0x816, 0x819}, {0x81B, 0x823}, {0x825, 0x827}, {0x829, 0x82D},
    {0x859, 0x85B}, {0x8D4, 0x8E1}, {0x8E3, 0x903}, {0x93A, 0x93C}, {0x93E, 0x94F}, {0x951, 0x957},
    {0x962, 0x963}, {0x981, 0x983}, {0x9BC, 0x9BC}, {0x9BE, 0x9C4}, {0x9C7, 0x9C8}, {0x9CB, 0x9CD},
    {0x9D7, 0x9D7}, {0x9E2, 0x9E3}, {0xA01, 0xA03}, {0xA3C, 0xA3C}, {0xA3E, 0xA42}, {0xA47, 0xA48},
    {0xA4B, 0xA4D}, {0xA51, 0xA51}, {0xA70, 0xA71}, {0xA75, 0xA75}, {0xA81, 0xA83}, {0xABC, 0xABC},
    {0xABE, 0xAC5}, {0xAC7, 0xAC9}, {0xACB, 0xACD}, {0xAE2, 0xAE3}, {0xB01, 0xB03}, {0xB3C, 0xB3C},
    {0xB3E, 0xB44}, {0xB47, 0xB48}, {0xB4B, 0xB4D}, {0xB56, 0xB57}, {0xB62, 0xB63}, {0xB82, 0xB82},
    {0xBBE, 0xBC2}, {0xBC6, 0xBC8}, {0xBCA, 0xBCD}, {0xBD7, 0xBD7}, {0xC00, 0xC03}, {0xC3E, 0xC44},
    {0xC46, 0xC48}, {0xC4A, 0xC4D}, {0xC55, 0xC56}, {0xC62, 0xC63}, {0xC81, 0xC83}, {0xCBC, 0xCBC},
    {0xCBE, 0xCC4}, {0xCC6, 0xCC8}, {0xCCA, 0xCCD}, {0xCD5, 0xCD6}, {0xCE2, 0xCE3}, {0xD01, 0xD03},
    {0xD3E, 0xD44}, {0xD46, 0xD48}, {0xD4A, 0xD4D}, {0xD57, 0xD57}, {0xD62, 0xD63}, {0xD82, 0xD83},
    {0xDCA, 0xDCA}, {0xDCF, 0xDD4}, {0xDD6, 0xDD6}, {0xDD8, 0xDDF}, {0xDF2, 0xDF3}, {0xE31, 0xE31},
    {0xE34, 0xE3A}, {0xE47, 0xE4E}, {0xEB1, 0xEB1}, {0xEB4, 0xEB9}, {0xEBB, 0xEBC}, {0xEC8, 0xECD},
    {0xF18, 0xF19}, {0xF35, 0xF35}, {0xF37, 0xF37}, {0xF39, 0xF39}, {0xF3E, 0xF3F}, {0xF71, 0xF84},
    {0xF86, 0xF87}, {0xF8D, 0xF97}, {0xF99, 0xFBC}, {0xFC6, 0xFC6}, {0x102B, 0x103E},
    {0x1056, 0x1059}, {0x105E, 0x1060}, {0x1062, 0x1064}, {0x1067, 0x106D}, {0x1071, 0x1074},
    {0x1082, 0x108D}, {0x108F, 0x108F}, {0x109A, 0x109D}, {0x135D, 0x135F}, {0x1712, 0x1714},
    {0x1732, 0x1734}, {0x1752, 0x1753}, {0x1772, 0x1773}, {0x17B4, 0x17D3}, {0x17DD, 0x17DD},
    {0x180B, 0x180D}, {0x1885, 0x1886}, {0x18A9, 0x18A9}, {0x1920, 0x192B}, {0x1930, 0x193B},
    {0x1A17, 0x1A1B}, {0x1A55, 0x1A5E}, {0x1A60, 0x1A7C}, {0x1A7F, 0x1A7F}, {0x1AB0, 0x1ABE},
    {0x1B00, 0x1B04}, {0x1B34, 0x1B44}, {0x1B6B, 0x1B73}, {0x1B80, 0x1B82}, {0x1BA1, 0x1BAD},
    {0x1BE6, 0x1BF3}, {0x1C24, 0x1C37}, {0x1CD0, 0x1CD2}, {0x1CD4, 0x1CE8}, {0x1CED, 0x1CED},
    {0x1CF2, 0x1CF4}, {0x1CF8, 0x1CF9}, {0x1DC0, 0x1DF5}, {0x1DFB, 0x1DFF}, {0x200D, 0x200D},
    {0x203C, 0x203C}, {0x2049, 0x2049}, {0x20D0, 0x20F0}, {0x2122, 0x2122}, {0x2190, 0x21FF},
    {0x231A, 0x231B}, {0x2328, 0x2328}, {0x23CF, 0x23CF}, {0x23E9, 0x23F3}, {0x23F8, 0x23FA},
    {0x24C2, 0x24C2}, {0x25AA, 0x25AB}, {0x25B6, 0x25B6}, {0x25C0, 0x25C0}, {0x25FB, 0x25FE},
    {0x2600, 0x27BF}, {0x2934, 0x2935}, {0x2B05, 0x2B07}, {0x2B1B, 0x2B1C}, {0x2B50, 0x2B50},
    {0x2B55, 0x2B55}, {0x2CEF, 0x2CF1}, {0x2D7F, 0x2D7F}, {0x2DE0, 0x2DFF}, {0x302A, 0x3030},
    {0x303D, 0x303D}, {0x3099, 0x309A}, {0x3297, 0x3297}, {0x3299, 0x3299}, {0xA66F, 0xA672},
    {0xA674, 0xA67D}, {0xA69E, 0xA69F}, {0xA6F0, 0xA6F1}, {0xA802, 0xA802}, {0xA806, 0xA806},
    {0xA80B, 0xA80B}, {0xA823, 0xA827}, {0xA880, 0xA881}, {0xA8B4, 0xA8C5}, {0xA8E0, 0xA8F1},
    {0xA926, 0xA92D}, {0xA947, 0xA953}, {0xA980, 0xA983}, {0xA9B3, 0xA9C0}, {0xA9E5, 0xA9E5},
    {0xAA29, 0xAA36}, {0xAA43, 0xAA43}, {0xAA4C, 0xAA4D}, {0xAA7B, 0xAA7D}, {0xAAB0, 0xAAB0},
    {0xAAB2, 0xAAB4}, {0xAAB7, 0xAAB8}, {0xAABE, 0xAABF}, {0xAAC1, 0xAAC1}, {0xAAEB, 0xAAEF},
    {0xAAF5, 0xAAF6}, {0xABE3, 0xABEA}, {0xABEC, 0xABED}, {0xFB1E, 0xFB1E}, {0xFE00, 0xFE0F},
    {0xFE20, 0xFE2F},
};

constexpr std::string_view kTlds =
    "aaa aarp abb abbott abbvie abc able abogado abudhabi ac academy accenture accountant "
    "accountants aco actor ad ads adult ae aeg aero aetna af afl africa ag agakhan agency ai "
    "aig airbus airforce airtel akdn al alibaba alipay allfinanz allstate ally alsace alstom am "
    "amazon americanexpress americanfamily amex amfam amica amsterdam analytics android anquan "
    "anz ao aol apartments app apple aq aquarelle ar arab aramco archi army arpa art arte as "
    "asda asia associates at athleta attorney au auction audi audible audio auspost author auto "
    "autos aw aws ax axa az azure ba baby baidu banamex band bank bar barcelona barclaycard "
    "barclays barefoot bargains baseball basketball bauhaus bayern bb bbc bbt bbva bcg bcn bd "
    "be beats beauty beer bentley berlin best bestbuy bet bf bg bh bharti bi bible bid bike "
    "bing bingo bio biz bj black blackfriday blockbuster blog bloomberg blue bm bms bmw bn "
    "bnpparibas bo boats boehringer bofa bom bond boo book booking bosch bostik boston bot "
    "boutique box br bradesco bridgestone broadway broker brother brussels bs bt build builders "
    "business buy buzz bv bw by bz bzh ca cab cafe cal call calvinklein cam camera camp canon "
    "capetown capital capitalone car caravan cards care career careers cars casa case cash "
    "casino cat catering catholic cba cbn cbre cc cd center ceo cern cf cfa cfd cg ch chanel "
    "channel charity chase chat cheap chintai christmas chrome church ci cipriani circle cisco "
    "citadel citi citic city ck cl claims cleaning click clinic clinique clothing cloud club "
    "clubmed cm cn co coach codes coffee college cologne com commbank community company compare "
    "computer comsec condos construction consulting contact contractors cooking cool coop "
    "corsica country coupon coupons courses cpa cr credit creditcard creditunion cricket crown "
    "crs cruise cruises cu cuisinella cv cw cx cy cymru cyou cz dad dance data date dating "
    "datsun day dclk dds de deal dealer deals degree delivery dell deloitte delta democrat "
    "dental dentist desi design dev dhl diamonds diet digital direct directory discount "
    "discover dish diy dj dk dm dnp do docs doctor dog domains dot download drive dtv dubai "
    "dunlop dupont durban dvag dvr dz earth eat ec eco edeka edu education ee eg email emerck "
    "energy engineer engineering enterprises epson equipment er ericsson erni es esq estate et "
    "eu eurovision eus events exchange expert exposed express extraspace fage fail fairwinds "
    "faith family fan fans farm farmers fashion fast fedex feedback ferrari ferrero fi fidelity "
    "fido film final finance financial fire firestone firmdale fish fishing fit fitness fj fk "
    "flickr flights flir florist flowers fly fm fo foo food football ford forex forsale forum "
    "foundation fox fr free fresenius frl frogans frontier ftr fujitsu fun fund furniture "
    "futbol fyi ga gal gallery gallo gallup game games gap garden gay gb gbiz gd gdn ge gea "
    "gent genting george gf gg ggee gh gi gift gifts gives giving gl glass gle global globo gm "
    "gmail gmbh gmo gmx gn godaddy gold goldpoint golf goo goodyear goog google gop got gov gp "
    "gq gr grainger graphics gratis green gripe grocery group gs gt gu gucci guge guide guitars "
    "guru gw gy hair hamburg hangout haus hbo hdfc hdfcbank health healthcare help helsinki "
    "here hermes hiphop hisamitsu hitachi hiv hk hkt hm hn hockey holdings holiday homedepot "
    "homegoods homes homesense honda horse hospital host hosting hot hotels hotmail house how "
    "hr hsbc ht hu hughes hyatt hyundai ibm icbc ice icu id ie ieee ifm ikano il im imamat imdb "
    "immo immobilien in inc industries infiniti info ing ink institute insurance insure int "
    "international intuit investments io ipiranga iq ir irish is ismaili ist istanbul it itau "
    "itv jaguar java jcb je jeep jetzt jewelry jio jll jm jmp jnj jo jobs joburg jot joy jp "
    "jpmorgan jprs juegos juniper kaufen kddi ke kerryhotels kerryproperties kfh kg kh ki kia "
    "kids kim kindle kitchen kiwi km kn koeln komatsu kosher kp kpmg kpn kr krd kred kuokgroup "
    "kw ky kyoto kz la lacaixa lamborghini lamer lancaster land landrover lanxess lasalle lat "
    "latino latrobe law lawyer lb lc lds lease leclerc lefrak legal lego lexus lgbt li lidl "
    "life lifeinsurance lifestyle lighting like lilly limited limo lincoln link live living lk "
    "llc llp loan loans locker locus lol london lotte lotto love lpl lplfinancial lr ls lt ltd "
    "ltda lu lundbeck luxe luxury lv ly ma madrid maif maison makeup man management mango map "
    "market marketing markets marriott marshalls mattel mba mc mckinsey md me med media meet "
    "melbourne meme memorial men menu merck merckmsd mg mh miami microsoft mil mini mint mit "
    "mitsubishi mk ml mlb mls mm mma mn mo mobi mobile moda moe moi mom monash money monster "
    "mormon mortgage moscow moto motorcycles mov movie mp mq mr ms msd mt mtn mtr mu museum "
    "music mv mw mx my mz na nab nagoya name navy nba nc ne nec net netbank netflix network "
    "neustar new news next nextdirect nexus nf nfl ng ngo nhk ni nico nike nikon ninja nissan "
    "nissay nl no nokia norton now nowruz nowtv np nr nra nrw ntt nu nyc nz obi observer office "
    "okinawa olayan olayangroup ollo om omega one ong onion onl online ooo open oracle orange "
    "org organic origins osaka otsuka ott ovh pa page panasonic paris pars partners parts party "
    "pay pccw pe pet pf pfizer pg ph pharmacy phd philips phone photo photography photos physio "
    "pics pictet pictures pid pin ping pink pioneer pizza pk pl place play playstation plumbing "
    "plus pm pn pnc pohl poker politie porn post pr pramerica praxi press prime pro prod "
    "productions prof progressive promo properties property protection pru prudential ps pt pub "
    "pw pwc py qa qpon quebec quest racing radio re read realestate realtor realty recipes red "
    "redstone redumbrella rehab reise reisen reit reliance ren rent rentals repair report "
    "republican rest restaurant review reviews rexroth rich richardli ricoh ril rio rip ro "
    "rocks rodeo rogers room rs rsvp ru rugby ruhr run rw rwe ryukyu sa saarland safe safety "
    "sakura sale salon samsclub samsung sandvik sandvikcoromant sanofi sap sarl sas save saxo "
    "sb sbi sbs sc scb schaeffler schmidt scholarships school schule schwarz science scot sd se "
    "search seat secure security seek select sener services seven sew sex sexy sfr sg sh "
    "shangrila sharp shell shia shiksha shoes shop shopping shouji show si silk sina singles "
    "site sj sk ski skin sky skype sl sling sm smart smile sn sncf so soccer social softbank "
    "software sohu solar solutions song sony soy spa space sport spot sr srl ss st stada "
    "staples star statebank statefarm stc stcgroup stockholm storage store stream studio study "
    "style su sucks supplies supply support surf surgery suzuki sv swatch swiss sx sy sydney "
    "systems sz tab taipei talk taobao target tatamotors tatar tattoo tax taxi tc tci td tdk "
    "team tech technology tel temasek tennis teva tf tg th thd theater theatre tiaa tickets "
    "tienda tips tires tirol tj tjmaxx tjx tk tkmaxx tl tm tmall tn to today tokyo tools top "
    "toray toshiba total tours town toyota toys tr trade trading training travel travelers "
    "travelersinsurance trust trv tt tube tui tunes tushu tv tvs tw tz ua ubank ubs ug uk "
    "unicom university uno uol ups us uy uz va vacations vana vanguard vc ve vegas ventures "
    "verisign vermögensberater vermögensberatung versicherung vet vg vi viajes video vig viking "
    "villas vin vip virgin visa vision viva vivo vlaanderen vn vodka volvo vote voting voto "
    "voyage vu wales walmart walter wang wanggou watch watches weather weatherchannel webcam "
    "weber website wed wedding weibo weir wf whoswho wien wiki williamhill win windows wine "
    "winners wme wolterskluwer woodside work works world wow ws wtc wtf xbox xerox xihuan xin "
    "xn--11b4c3d xn--1ck2e1b xn--1qqw23a xn--2scrj9c xn--30rr7y xn--3bst00m xn--3ds443g "
    "xn--3e0b707e xn--3hcrj9c xn--3pxu8k xn--42c2d9a xn--45br5cyl xn--45brj9c xn--45q11c "
    "xn--4dbrk0ce xn--4gbrim xn--54b7fta0cc xn--55qw42g xn--55qx5d xn--5su34j936bgsg xn--5tzm5g "
    "xn--6frz82g xn--6qq986b3xl xn--80adxhks xn--80ao21a xn--80aqecdr1a xn--80asehdb xn--80aswg "
    "xn--8y0a063a xn--90a3ac xn--90ae xn--90ais xn--9dbq2a xn--9et52u xn--9krt00a "
    "xn--b4w605ferd xn--bck1b9a5dre4c xn--c1avg xn--c2br7g xn--cck2b3b xn--cckwcxetd xn--cg4bki "
    "xn--clchc0ea0b2g2a9gcd xn--czr694b xn--czrs0t xn--czru2d xn--d1acj3b xn--d1alf xn--e1a4c "
    "xn--eckvdtc9d xn--efvy88h xn--fct429k xn--fhbei xn--fiq228c5hs xn--fiq64b xn--fiqs8s "
    "xn--fiqz9s xn--fjq720a xn--flw351e xn--fpcrj9c3d xn--fzc2c9e2c xn--fzys8d69uvgm "
    "xn--g2xx48c xn--gckr3f0f xn--gecrj9c xn--gk3at1e xn--h2breg3eve xn--h2brj9c xn--h2brj9c8c "
    "xn--hxt814e xn--i1b6b1a6a2e xn--imr513n xn--io0a7i xn--j1aef xn--j1amh xn--j6w193g "
    "xn--jlq480n2rg xn--jvr189m xn--kcrx77d1x4a xn--kprw13d xn--kpry57d xn--kput3i xn--l1acc "
    "xn--lgbbat1ad8j xn--mgb2ddes xn--mgb9awbf xn--mgba3a3ejt xn--mgba3a4f16a xn--mgba3a4fra "
    "xn--mgba7c0bbn0a xn--mgbaam7a8h xn--mgbab2bd xn--mgbah1a3hjkrd xn--mgbai9a5eva00b "
    "xn--mgbai9azgqp6j xn--mgbayh7gpa xn--mgbbh1a xn--mgbbh1a71e xn--mgbc0a9azcg xn--mgbca7dzdo "
    "xn--mgbcpq6gpa1a xn--mgberp4a5d4a87g xn--mgberp4a5d4ar xn--mgbgu82a xn--mgbi4ecexp "
    "xn--mgbpl2fh xn--mgbqly7c0a67fbc xn--mgbqly7cvafr xn--mgbt3dhd xn--mgbtf8fl xn--mgbtx2b "
    "xn--mgbx4cd0ab xn--mix082f xn--mix891f xn--mk1bu44c xn--mxtq1m xn--ngbc5azd xn--ngbe9e0a "
    "xn--ngbrx xn--nnx388a xn--node xn--nqv7f xn--nqv7fs00ema xn--nyqy26a xn--o3cw4h "
    "xn--ogbpf8fl xn--otu796d xn--p1acf xn--p1ai xn--pgbs0dh xn--pssy2u xn--q7ce6a xn--q9jyb4c "
    "xn--qcka1pmc xn--qxa6a xn--qxam xn--rhqv96g xn--rovu88b xn--rvc1e0am3e xn--s9brj9c "
    "xn--ses554g xn--t60b56a xn--tckwe xn--tiq49xqyj xn--unup4y xn--vermgensberater-ctb "
    "xn--vermgensberatung-pwb xn--vhquv xn--vuq861b xn--w4r85el8fhu5dnra xn--w4rs40l xn--wgbh1c "
    "xn--wgbl6a xn--xhq521b xn--xkc2al3hye2a xn--xkc2dl3a5ee0h xn--y9a3aq xn--yfro4i67o "
    "xn--ygbi2ammx xn--zfr164b xxx xyz yachts yahoo yamaxun yandex ye yodobashi yoga yokohama "
    "you youtube yt yun zappos zara zero zip zm zone zuerich zw ελ ευ бг бел дети ею католик "
    "ком мкд мон москва онлайн орг рус рф сайт срб укр қаз հայ ישראל קום ابوظبي ارامكو الاردن "
    "البحرين الجزائر السعودية السعوديه السعودیة السعودیۃ العليان المغرب اليمن امارات ايران "
    "ایران بارت بازار بيتك بھارت تونس سودان سوريا سورية شبكة عراق عرب عمان فلسطين قطر كاثوليك "
    "كوم مصر مليسيا موريتانيا موقع همراه پاكستان پاکستان ڀارت कॉम नेट भारत भारतम् भारोत संगठन "
    "বাংলা ভারত ভাৰত ਭਾਰਤ ભારત ଭାରତ இந்தியா இலங்கை சிங்கப்பூர் భారత్ ಭಾರತ ഭാരതം ලංකා คอม ไทย "
    "ລາວ გე みんな アマゾン クラウド グーグル コム ストア セール ファッション ポイント 世界 中信 中国 中國 中文网 亚马逊 企业 佛山 信息 健康 八卦 公司 公益 "
    "台湾 台灣 商城 商店 商标 嘉里 嘉里大酒店 在线 大拿 天主教 娱乐 家電 广东 微博 慈善 我爱你 手机 招聘 政务 政府 新加坡 新闻 时尚 書籍 机构 淡马锡 游戏 澳門 "
    "澳门 点看 移动 组织机构 网址 网店 网站 网络 联通 臺灣 谷歌 购物 通販 集团 電訊盈科 飞利浦 食品 餐厅 香格里拉 香港 닷넷 닷컴 삼성 한국 ";
// clang-format on

// Second-level names under "za": the only TLD whose own label is not a public suffix.
constexpr std::string_view kZaSecondLevel[] = {"ac",      "agric", "alt", "co",     "edu", "gov",
                                               "grondar", "law",   "mil", "net",    "ngo", "nic",
                                               "nis",     "nom",   "org", "school", "tm",  "web"};

bool in_ranges(const Range* begin, const Range* end, char32_t c) {
  const Range* it =
      std::upper_bound(begin, end, c, [](char32_t v, const Range& r) { return v < r.lo; });
  return it != begin && c <= (it - 1)->hi;
}

const std::unordered_set<std::string_view>& tld_set() {
  static const std::unordered_set<std::string_view> set = [] {
    std::unordered_set<std::string_view> s;
    size_t i = 0;
    while (i < kTlds.size()) {
      size_t space = kTlds.find(' ', i);
      if (space == std::string_view::npos) space = kTlds.size();
      if (space > i) s.insert(kTlds.substr(i, space - i));
      i = space + 1;
    }
    return s;
  }();
  return set;
}

bool is_vs(char32_t c) {
  return in(c, 0xFE00, 0xFE0F);
}  // variation selectors

size_t utf16_length(std::u32string_view s) {
  size_t n = 0;
  for (char32_t c : s) n += c >= 0x10000 ? 2 : 1;
  return n;
}

// UnicodeEmoji's building blocks; each returns the index after its match or 0 (no match can
// end at 0, so 0 is free to mean "none").
size_t base_with_vs(const Text& t, size_t i, char32_t lo, char32_t hi) {
  if (!in(t[i], lo, hi)) return 0;
  return is_vs(t[i + 1]) ? i + 2 : i + 1;
}
size_t geometric(const Text& t, size_t i) {  // sg
  if (size_t e = base_with_vs(t, i, 0x2B1B, 0x2B1C)) return e;
  char32_t c = t[i];
  if (in(c, 0x1F7E0, 0x1F7EB) || c == 0x1F7F0) return is_vs(t[i + 1]) ? i + 2 : i + 1;
  return 0;
}
// One emoji of a ZWJ sequence, with an optional skin tone.
size_t zwj_part(const Text& t, size_t i) {
  char32_t c = t[i];
  size_t e = 0;
  if (in(c, 0x1F900, 0x1FBFF)) {
    e = i + 1;
  } else if (!(e = base_with_vs(t, i, 0x1F300, 0x1F3FF)) &&
             !(e = base_with_vs(t, i, 0x1F400, 0x1F5FF)) &&
             !(e = base_with_vs(t, i, 0x1F600, 0x1F64F)) &&
             !(e = base_with_vs(t, i, 0x1F680, 0x1F6FF)) &&
             !(e = base_with_vs(t, i, 0x2700, 0x27BF)) &&
             !(e = base_with_vs(t, i, 0x2600, 0x26FF)) &&
             !(e = base_with_vs(t, i, 0x2194, 0x2195)) && !(e = geometric(t, i))) {
    return 0;
  }
  return in(t[e], 0x1F3FB, 0x1F3FF) ? e + 1 : e;
}

bool is_text_symbol(char32_t c) {  // symbols that are emoji only with U+FE0F after them
  static constexpr Range kSymbols[] = {
      {0xA9, 0xA9},     {0xAE, 0xAE},     {0x203C, 0x203C}, {0x2049, 0x2049}, {0x2122, 0x2122},
      {0x2139, 0x2139}, {0x2196, 0x2199}, {0x21A9, 0x21AA}, {0x24C2, 0x24C2}, {0x25AA, 0x25AB},
      {0x25B6, 0x25B6}, {0x25C0, 0x25C0}, {0x25FB, 0x25FE}, {0x2934, 0x2935}, {0x2B05, 0x2B07},
      {0x2B50, 0x2B50}, {0x2B55, 0x2B55}, {0x3030, 0x3030}, {0x303D, 0x303D}, {0x3297, 0x3297},
      {0x3299, 0x3299}};
  return in_ranges(std::begin(kSymbols), std::end(kSymbols), c);
}

struct EmoticonEntry {
  std::u32string_view text;
  std::string_view short_code;
};
// EmoticonPattern in the order the grammar tries them; entries are grouped by first character
// and only the group of the character at hand is tried. A few look like typos (":'-(" is
// spelled "':-(" under ':', "\\0/" has a second backslash); they are kept, since they are what
// the real parser matches.
constexpr EmoticonEntry kEmoticons[] = {
    {U":-D", "smiley"},
    {U":D", "smiley"},
    {U":')", "joy"},
    {U":'-)", "joy"},
    {U":-)", "slight_smile"},
    {U":)", "slight_smile"},
    {U":]", "slight_smile"},
    {U":-*", "kissing_heart"},
    {U":*", "kissing_heart"},
    {U":^*", "kissing_heart"},
    {U":-P", "stuck_out_tongue"},
    {U":P", "stuck_out_tongue"},
    {U":-\u00de", "stuck_out_tongue"},
    {U":\u00de", "stuck_out_tongue"},
    {U":-b", "stuck_out_tongue"},
    {U":b", "stuck_out_tongue"},
    {U":-(", "disappointed"},
    {U":(", "disappointed"},
    {U":-[", "disappointed"},
    {U":[", "disappointed"},
    {U":-/", "confused"},
    {U":-.", "confused"},
    {U":/", "confused"},
    {U":\\", "confused"},
    {U":L", "confused"},
    {U":'(", "cry"},
    {U"':-(", "cry"},
    {U":@", "angry"},
    {U":$", "flushed"},
    {U":-X", "no_mouth"},
    {U":X", "no_mouth"},
    {U":-#", "no_mouth"},
    {U":#", "no_mouth"},
    {U":-O", "open_mouth"},
    {U":O", "open_mouth"},
    {U";)", "wink"},
    {U";-)", "wink"},
    {U";-]", "wink"},
    {U";]", "wink"},
    {U";D", "wink"},
    {U";^)", "wink"},
    {U";(", "cry"},
    {U";-(", "cry"},
    {U"</3", "broken_heart"},
    {U"<3", "heart"},
    {U">:)", "laughing"},
    {U">;)", "laughing"},
    {U">:-)", "laughing"},
    {U">=)", "laughing"},
    {U">.<", "persevere"},
    {U">:P", "stuck_out_tongue_winking_eye"},
    {U">:\\", "confused"},
    {U">;/", "confused"},
    {U">:(", "angry"},
    {U">:-(", "angry"},
    {U">:[", "disappointed"},
    {U">:O", "open_mouth"},
    {U"=D", "smiley"},
    {U"=]", "slight_smile"},
    {U"=)", "slight_smile"},
    {U"=*", "kissing_heart"},
    {U"=P", "stuck_out_tongue"},
    {U"=(", "disappointed"},
    {U"=/", "confused"},
    {U"=\\", "confused"},
    {U"=L", "confused"},
    {U"=$", "flushed"},
    {U"=X", "no_mouth"},
    {U"=#", "no_mouth"},
    {U"D:", "fearful"},
    {U"B-)", "sunglasses"},
    {U"B)", "sunglasses"},
    {U"B-D", "sunglasses"},
    {U"8)", "sunglasses"},
    {U"8-)", "sunglasses"},
    {U"8-D", "sunglasses"},
    {U"':)", "sweat_smile"},
    {U"':-)", "sweat_smile"},
    {U"'=)", "sweat_smile"},
    {U"':D", "sweat_smile"},
    {U"':-D", "sweat_smile"},
    {U"'=D", "sweat_smile"},
    {U"':(", "sweat"},
    {U"':-(", "sweat"},
    {U"'=(", "sweat"},
    {U"O:-)", "innocent"},
    {U"O:)", "innocent"},
    {U"O;-)", "innocent"},
    {U"O=)", "innocent"},
    {U"O:-3", "innocent"},
    {U"O:3", "innocent"},
    {U"O_O", "open_mouth"},
    {U"0:-3", "innocent"},
    {U"0:3", "innocent"},
    {U"0:-)", "innocent"},
    {U"0:)", "innocent"},
    {U"0;^)", "innocent"},
    {U"0;-)", "innocent"},
    {U"*-)", "wink"},
    {U"*)", "wink"},
    {U"*\\0/*", "person_gesturing_ok"},
    {U"*\\O/*", "person_gesturing_ok"},
    {U"X-P", "stuck_out_tongue_winking_eye"},
    {U"X)", "dizzy_face"},
    {U"X-)", "dizzy_face"},
    {U"#-)", "dizzy_face"},
    {U"#)", "dizzy_face"},
    {U"%-)", "dizzy_face"},
    {U"%)", "dizzy_face"},
    {U"(y)", "thumbsup"},
    {U"-___-", "expressionless"},
    {U"-__-", "expressionless"},
    {U"-_-", "expressionless"},
    {U"\\0\\/", "person_gesturing_ok"},
    {U"\\O\\/", "person_gesturing_ok"},
};

// isValidHostname in tldts: lower-case LDH labels (plus '_' and non-ASCII), at most 63 UTF-16
// units per label and 255 in all.
bool valid_hostname(std::u32string_view h) {
  auto ldh = [](char32_t c) { return in(c, 'a', 'z') || in(c, '0', '9') || c > 127; };
  size_t len = utf16_length(h);
  if (len == 0 || len > 255) return false;
  if (!ldh(h[0]) && h[0] != '.' && h[0] != '_') return false;
  long last_dot = -1;
  long i = 0;
  char32_t prev = 0;
  for (char32_t c : h) {
    if (c == '.') {
      if (i - last_dot > 64 || prev == '.' || prev == '-' || prev == '_') return false;
      last_dot = i;
    } else if (!ldh(c) && c != '-' && c != '_') {
      return false;
    }
    prev = c;
    i += c >= 0x10000 ? 2 : 1;
  }
  return static_cast<long>(len) - last_dot - 1 <= 63 && prev != '-';
}

std::u32string ascii_lower(std::u32string_view s) {
  std::u32string out(s);
  for (char32_t& c : out) {
    if (in(c, 'A', 'Z')) c += 32;
  }
  return out;
}

// extractHostname in tldts, for inputs that may be URLs, e-mail hrefs or bare hosts.
std::optional<std::u32string> extract_hostname(std::u32string_view a) {
  auto strip_dots = [](std::u32string_view s, size_t u, size_t n) {
    while (n > u + 1 && s[n - 1] == '.') --n;
    return s.substr(u, n - u);
  };
  if (valid_hostname(a)) return std::u32string(strip_dots(a, 0, a.size()));
  if (a.substr(0, 5) == U"data:") return std::nullopt;
  size_t u = 0;
  size_t n = a.size();
  bool upper = false;
  auto c_at = [&](size_t i) -> char32_t { return i < a.size() ? a[i] : kEnd; };
  while (u < a.size() && a[u] <= 32) ++u;
  while (n > u + 1 && a[n - 1] <= 32) --n;
  if (c_at(u) == '/' && c_at(u + 1) == '/') {
    u += 2;
  } else if (size_t e = a.find(U":/", u); e != std::u32string_view::npos) {
    std::u32string_view scheme = a.substr(u, e - u);
    if (scheme != U"https" && scheme != U"http" && scheme != U"wss" && scheme != U"ws") {
      for (char32_t c : scheme) {
        char32_t l = c | 32;
        if (!(in(l, 'a', 'z') || in(l, '0', '9') || l == '.' || l == '-' || l == '+')) {
          return std::nullopt;
        }
      }
    }
    for (u = e + 2; c_at(u) == '/';) ++u;
  }
  long at = -1, bracket = -1, colon = -1;
  for (size_t i = u; i < n; ++i) {
    char32_t c = a[i];
    if (c == '#' || c == '/' || c == '?') {
      n = i;
      break;
    }
    if (c == '@') {
      at = static_cast<long>(i);
    } else if (c == ']') {
      bracket = static_cast<long>(i);
    } else if (c == ':') {
      colon = static_cast<long>(i);
    } else if (in(c, 'A', 'Z')) {
      upper = true;
    }
  }
  if (at != -1 && at > static_cast<long>(u) && at < static_cast<long>(n)) u = at + 1;
  if (c_at(u) == '[') {
    if (bracket == -1 || bracket < static_cast<long>(u) + 1) return std::nullopt;
    return ascii_lower(a.substr(u + 1, bracket - u - 1));
  }
  if (colon != -1 && colon > static_cast<long>(u) && colon < static_cast<long>(n)) n = colon;
  if (n < u) n = u;
  std::u32string_view host = strip_dots(a, u, n);
  return upper ? ascii_lower(host) : std::u32string(host);
}

bool probably_ipv4(std::u32string_view h) {
  size_t len = utf16_length(h);
  if (len < 7 || len > 15) return false;
  int dots = 0;
  for (char32_t c : h) {
    if (c == '.') {
      ++dots;
    } else if (!in(c, '0', '9')) {
      return false;
    }
  }
  return dots == 3 && h.front() != '.' && h.back() != '.';
}

bool probably_ipv6(std::u32string_view h) {
  if (utf16_length(h) < 3) return false;
  size_t s = h.front() == '[' ? 1 : 0;
  size_t e = h.back() == ']' ? h.size() - 1 : h.size();
  if (e < s || utf16_length(h.substr(s, e - s)) > 39) return false;
  bool colon = false;
  for (size_t i = s; i < e; ++i) {
    char32_t c = h[i];
    if (c == ':') {
      colon = true;
    } else if (!(in(c, '0', '9') || in(c, 'a', 'f') || in(c, 'A', 'Z'))) {
      return false;
    }
  }
  return colon;
}

// isIcann || isIp || isPrivate || domain in validHosts, for an extracted host name.
bool host_accepted(std::u32string_view h, bool detect_ip, bool allow_localhost) {
  if (detect_ip && (probably_ipv6(h) || probably_ipv4(h))) return true;
  if (!valid_hostname(h)) return false;
  size_t dot = h.rfind('.');
  std::string last = to_utf8(dot == std::u32string_view::npos ? h : h.substr(dot + 1));
  if (last != "za" && tld_set().count(last)) return true;
  if (last == "za" && dot != std::u32string_view::npos && dot > 0) {
    size_t prev = h.rfind('.', dot - 1);
    std::string second = to_utf8(
        prev == std::u32string_view::npos ? h.substr(0, dot) : h.substr(prev + 1, dot - prev - 1));
    for (std::string_view z : kZaSecondLevel) {
      if (second == z) return true;
    }
  }
  if (!allow_localhost) return false;
  constexpr std::u32string_view kLocal = U"localhost";
  return h == kLocal || (h.size() > kLocal.size() && h.substr(h.size() - kLocal.size()) == kLocal &&
                         h[h.size() - kLocal.size() - 1] == '.');
}

int digits(std::u32string_view s, size_t at, size_t count) {
  int v = 0;
  for (size_t i = 0; i < count; ++i) v = v * 10 + static_cast<int>(s[at + i] - '0');
  return v;
}

// Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (Hinnant's algorithm).
int64_t days_from_civil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// new Date(...).getTime() / 1000 | 0, with the validation V8 applies to ISO strings (days past
// the month's end roll over; 24:00:00 is the next midnight); an invalid date gives "0".
std::string js_seconds(int64_t y, int mo, int d, int h, int mi, int s, int ms, int tz_sign,
                       int tz_h, int tz_m) {
  bool valid = in(mo, 1, 12) && in(d, 1, 31) && in(h, 0, 24) && in(mi, 0, 59) && in(s, 0, 59) &&
               (h < 24 || (mi == 0 && s == 0 && ms == 0)) && in(tz_h, 0, 23) && in(tz_m, 0, 59);
  if (!valid) return "0";
  int64_t millis = (days_from_civil(y, mo, 1) + d - 1) * 86'400'000LL +
                   ((h * 60LL + mi) * 60 + s) * 1000 + ms - tz_sign * (tz_h * 60LL + tz_m) * 60'000;
  int64_t secs = millis / 1000;  // truncates toward zero, like |0
  auto wrapped = static_cast<int32_t>(static_cast<uint32_t>(static_cast<uint64_t>(secs)));
  return std::to_string(wrapped);
}

// "+HH:MM" or "-HH:MM" at i, or nothing.
void read_zone(std::u32string_view s, size_t i, int& sign, int& h, int& m) {
  if (i + 6 <= s.size() && (s[i] == '+' || s[i] == '-')) {
    sign = s[i] == '+' ? 1 : -1;
    h = digits(s, i + 1, 2);
    m = digits(s, i + 4, 2);
  }
}

}  // namespace

Text::Text(std::string_view raw) {
  // The WHATWG decoder: one U+FFFD per maximal invalid subpart. Valid input (the usual case)
  // is kept as it came; otherwise the text is re-encoded with the replacements.
  cps_.reserve(raw.size());
  byte_.reserve(raw.size() + 1);
  bool replaced = false;
  auto byte = [&](size_t i) -> unsigned { return static_cast<unsigned char>(raw[i]); };
  size_t i = 0;
  while (i < raw.size()) {
    const unsigned b = byte(i);
    byte_.push_back(static_cast<uint32_t>(i));
    if (b < 0x80) {
      cps_.push_back(b);
      ++i;
      continue;
    }
    size_t need = 0;
    unsigned lo = 0x80, hi = 0xBF;
    char32_t c = 0;
    if (in(b, 0xC2, 0xDF)) {
      need = 1, c = b & 0x1F;
    } else if (in(b, 0xE0, 0xEF)) {
      need = 2, c = b & 0x0F;
      if (b == 0xE0) lo = 0xA0;
      if (b == 0xED) hi = 0x9F;
    } else if (in(b, 0xF0, 0xF4)) {
      need = 3, c = b & 0x07;
      if (b == 0xF0) lo = 0x90;
      if (b == 0xF4) hi = 0x8F;
    }
    size_t j = i + 1;
    bool ok = need > 0;
    for (size_t k = 0; ok && k < need; ++k, ++j) {
      if (j >= raw.size() || !in(byte(j), lo, hi)) {
        ok = false;
        break;
      }
      c = (c << 6) | (byte(j) & 0x3F);
      lo = 0x80, hi = 0xBF;
    }
    if (!ok) {
      c = 0xFFFD;
      replaced = true;
    }
    cps_.push_back(c);
    i = j;
  }
  byte_.push_back(static_cast<uint32_t>(raw.size()));
  if (!replaced) {
    utf8_.assign(raw);
    return;
  }
  utf8_.reserve(raw.size() + 8);
  for (size_t k = 0; k < cps_.size(); ++k) {
    byte_[k] = static_cast<uint32_t>(utf8_.size());
    append_utf8(utf8_, cps_[k]);
  }
  byte_.back() = static_cast<uint32_t>(utf8_.size());
}

uint32_t Text::utf16_offset(size_t i) const {
  // Only a few nodes carry source ranges, so the UTF-16 offsets are counted on first use.
  if (u16_.empty()) {
    u16_.reserve(cps_.size() + 1);
    uint32_t u16 = 0;
    for (char32_t c : cps_) {
      u16_.push_back(u16);
      u16 += c >= 0x10000 ? 2 : 1;
    }
    u16_.push_back(u16);
  }
  return u16_[i < cps_.size() ? i : cps_.size()];
}

std::string Text::slice(size_t from, size_t to) const {
  from = std::min(from, cps_.size());
  to = std::clamp(to, from, cps_.size());
  return utf8_.substr(byte_[from], byte_[to] - byte_[from]);
}

std::u32string_view Text::view(size_t from, size_t to) const {
  from = std::min(from, cps_.size());
  to = std::clamp(to, from, cps_.size());
  return std::u32string_view(cps_.data() + from, to - from);
}

bool Text::starts_with(size_t i, std::string_view s) const {
  if (i > cps_.size() || cps_.size() - i < s.size()) return false;
  for (size_t k = 0; k < s.size(); ++k) {
    if (cps_[i + k] != static_cast<unsigned char>(s[k])) return false;
  }
  return true;
}

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

std::string to_utf8(std::u32string_view cps) {
  std::string out;
  out.reserve(cps.size());
  for (char32_t c : cps) append_utf8(out, c);
  return out;
}

bool is_alnum_char(char32_t c) {
  if (c < 0x80) return in(c, '0', '9') || in(c, 'a', 'z') || in(c, 'A', 'Z');
  return in_ranges(std::begin(kAlnum), std::end(kAlnum), c);
}

bool is_name_char(char32_t c) {
  return c == '-' || c == '.' || c == '_' || is_alnum_char(c);
}

bool is_email_char(char32_t c) {
  // Astral characters are two surrogates in JavaScript, and the class holds every surrogate.
  if (c >= 0x10000) return c < kEnd;
  if (c < 0x80) return is_alnum_char(c);
  return is_alnum_char(c) || in_ranges(std::begin(kMarkOrEmoji), std::end(kMarkOrEmoji), c);
}

bool is_js_space(char32_t c) {
  return in(c, 0x09, 0x0D) || c == ' ' || c == 0xA0 || c == 0x1680 || in(c, 0x2000, 0x200A) ||
         c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

std::optional<size_t> match_unicode_emoji(const Text& t, size_t i) {
  char32_t c = t[i];
  if (c < 0xA9 && !in(c, '0', '9') && c != '#' && c != '*') return std::nullopt;
  // A tag sequence flag: black flag, tag letters, cancel tag.
  if (c == 0x1F3F4 && in(t[i + 1], 0xE0020, 0xE007E)) {
    size_t j = i + 1;
    while (in(t[j], 0xE0020, 0xE007E)) ++j;
    if (t[j] == 0xE007F) return j + 1;
  }
  // A keycap: digit, # or *, optional U+FE0F, U+20E3.
  if (in(c, '0', '9') || c == '#' || c == '*') {
    size_t j = t[i + 1] == 0xFE0F ? i + 2 : i + 1;
    if (t[j] == 0x20E3) return j + 1;
  }
  // (part ZWJ)* part: the loop keeps a part only when a ZWJ follows it.
  {
    size_t j = i;
    while (size_t e = zwj_part(t, j)) {
      if (t[e] != 0x200D) break;
      j = e + 1;
    }
    if (size_t e = zwj_part(t, j)) return e;
  }
  if (size_t e = base_with_vs(t, i, 0x1F600, 0x1F64F)) return e;
  if (size_t e = base_with_vs(t, i, 0x1F680, 0x1F6FF)) return e;
  if (size_t e = base_with_vs(t, i, 0x2300, 0x23FF)) return e;
  if (size_t e = base_with_vs(t, i, 0x2600, 0x26FF)) return e;
  if (size_t e = base_with_vs(t, i, 0x2700, 0x27BF)) return e;
  if (size_t e = geometric(t, i)) return e;
  if (c == 0x1F0CF || c == 0x1F18E || in(c, 0x1F191, 0x1F19A) || c == 0x1F201 ||
      in(c, 0x1F232, 0x1F23A) || in(c, 0x1F250, 0x1F251)) {
    return is_vs(t[i + 1]) ? i + 2 : i + 1;
  }
  if ((is_text_symbol(c) || c == 0x1F004 || in(c, 0x1F170, 0x1F171) || in(c, 0x1F17E, 0x1F17F) ||
       c == 0x1F202 || c == 0x1F21A || c == 0x1F22F) &&
      t[i + 1] == 0xFE0F) {
    return i + 2;
  }
  if (in(c, 0x1F1E6, 0x1F1FF) && in(t[i + 1], 0x1F1E6, 0x1F1FF)) return i + 2;
  return std::nullopt;
}

std::optional<Emoticon> match_emoticon(const Text& t, size_t i) {
  char32_t first = t[i];
  for (const EmoticonEntry& e : kEmoticons) {
    if (e.text[0] != first) continue;
    bool match = true;
    for (size_t k = 0; k < e.text.size() && match; ++k) match = t[i + k] == e.text[k];
    if (match) return Emoticon{e.text.size(), e.short_code};
  }
  return std::nullopt;
}

bool auto_link_accepts(std::u32string_view src) {
  std::optional<std::u32string> host = extract_hostname(src);
  return host && host_accepted(*host, true, true);
}

bool auto_email_accepts(std::u32string_view href) {
  std::optional<std::u32string> host = extract_hostname(href);
  return host && host_accepted(*host, false, false);
}

std::string auto_link_href(std::u32string_view src) {
  // URL.canParse(src) or an absolute scheme: both mean src starts with a scheme and ':' (the
  // grammar only lets a non-special scheme, "host:port", through without "//").
  bool scheme = !src.empty() && ((src[0] | 32) >= 'a' && (src[0] | 32) <= 'z');
  size_t i = 1;
  while (scheme && i < src.size() &&
         (in(src[i] | 32, 'a', 'z') || in(src[i], '0', '9') || src[i] == '+' || src[i] == '.' ||
          src[i] == '-')) {
    ++i;
  }
  if ((scheme && i < src.size() && src[i] == ':') || src.substr(0, 2) == U"//") return to_utf8(src);
  return "//" + to_utf8(src);
}

std::string unix_from_iso(std::u32string_view s) {
  // YYYY-MM-DDTHH:MM:SS[.mmm][+HH:MM]; the grammar has checked the digits.
  int ms = 0;
  size_t zone = 19;
  if (s.size() > 19 && s[19] == '.') {
    ms = digits(s, 20, 3);
    zone = 23;
  }
  int sign = 1, tz_h = 0, tz_m = 0;
  read_zone(s, zone, sign, tz_h, tz_m);
  return js_seconds(digits(s, 0, 4), digits(s, 5, 2), digits(s, 8, 2), digits(s, 11, 2),
                    digits(s, 14, 2), digits(s, 17, 2), ms, sign, tz_h, tz_m);
}

std::string unix_from_hours(std::u32string_view s) {
  // HH:MM[:SS][+HH:MM] on today's UTC date. Without a zone the real parser builds the string
  // "...T12:30:00null" (a null zone skips the default), which no Date accepts: "0".
  int sec = 0;
  size_t zone = 5;
  if (s.size() >= 8 && s[5] == ':') {
    sec = digits(s, 6, 2);
    zone = 8;
  }
  if (s.size() < zone + 6) return "0";
  int sign = 1, tz_h = 0, tz_m = 0;
  read_zone(s, zone, sign, tz_h, tz_m);
  using namespace std::chrono;
  const year_month_day today{floor<days>(system_clock::now())};
  return js_seconds(static_cast<int>(today.year()), static_cast<int>(unsigned(today.month())),
                    static_cast<int>(unsigned(today.day())), digits(s, 0, 2), digits(s, 3, 2), sec,
                    0, sign, tz_h, tz_m);
}

}  // namespace parley::chat::md
