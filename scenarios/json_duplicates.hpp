#pragma once
// Duplicate names in a JSON object: the last one wins, as in Antom's Java stack (Jackson and
// fastjson keep the last) and most JSON libraries. RapidJSON keeps every member and FindMember
// returns the first, so a merchant's logs (last wins) could disagree with what was charged. Every
// request body is passed through keep_last_members once after parsing, so each reader after it
// sees one member per name. It lives here, the lowest layer that reads JSON, so the scenario
// loader and the server share it. Iterative (a control body may nest as deep as its size allows);
// O(n log n) per object, so a hostile object of many members costs no more than parsing it.
#include <rapidjson/document.h>

#include <algorithm>
#include <string_view>
#include <utility>
#include <vector>

namespace antom::scenarios {

template <class Encoding, class Allocator>
void keep_last_members(rapidjson::GenericValue<Encoding, Allocator>& root) {
  using Value = rapidjson::GenericValue<Encoding, Allocator>;
  // Per thread, so the usual body (no duplicates, small objects) allocates nothing here.
  thread_local std::vector<Value*> pending;
  if (pending.capacity() > 4096) pending = {};  // a huge body's stack is not kept for good
  pending.assign(1, &root);
  std::vector<std::pair<std::string_view, rapidjson::SizeType>> names;
  std::vector<bool> dropped;
  while (!pending.empty()) {
    Value& v = *pending.back();
    pending.pop_back();
    if (v.IsArray()) {
      for (auto& item : v.GetArray())
        if (item.IsObject() || item.IsArray()) pending.push_back(&item);
      continue;
    }
    if (!v.IsObject()) continue;
    const rapidjson::SizeType n = v.MemberCount();
    auto members = v.MemberBegin();
    bool any = false;
    if (n > 1 && n <= 16) {  // the usual body: a quick pairwise look, no allocation when all differ
      for (rapidjson::SizeType i = 0; i < n && !any; ++i)
        for (rapidjson::SizeType j = i + 1; j < n && !any; ++j) any = members[i].name == members[j].name;
    }
    if (n > 16 || any) {
      any = false;
      names.clear();
      for (rapidjson::SizeType i = 0; i < n; ++i)
        names.emplace_back(std::string_view(members[i].name.GetString(), members[i].name.GetStringLength()), i);
      std::sort(names.begin(), names.end());  // by name, then by position: the last of a run is kept
      dropped.assign(n, false);
      for (std::size_t i = 0; i + 1 < names.size(); ++i)
        if (names[i].first == names[i + 1].first) dropped[names[i].second] = any = true;
    }
    if (any) {  // keep the survivors in their order, then cut the tail
      rapidjson::SizeType kept = 0;
      for (rapidjson::SizeType i = 0; i < n; ++i) {
        if (dropped[i]) continue;
        if (kept != i) {
          members[kept].name.Swap(members[i].name);
          members[kept].value.Swap(members[i].value);
        }
        ++kept;
      }
      v.EraseMember(v.MemberBegin() + kept, v.MemberEnd());
    }
    for (auto& m : v.GetObject())
      if (m.value.IsObject() || m.value.IsArray()) pending.push_back(&m.value);
  }
}

}  // namespace antom::scenarios
