#include "scenarios/catalog.hpp"

#include <algorithm>

namespace antom::scenarios {

std::shared_ptr<const Scenario> Catalog::find(std::string_view name) const {
  auto it = by_name.find(name);
  return it == by_name.end() ? nullptr : it->second;
}

BuiltCatalog build_catalog(const Catalog& base, std::vector<Scenario> added, const std::vector<std::string>& removed) {
  auto next = std::make_shared<Catalog>();
  next->by_name = base.by_name;
  for (const auto& name : removed) next->by_name.erase(name);
  for (auto& s : added) {
    std::string name = s.name;
    next->by_name[name] = std::make_shared<const Scenario>(std::move(s));
  }
  for (const auto& [name, scenario] : next->by_name) {
    for (const auto& amount : scenario->magic_amounts) {
      auto [it, inserted] = next->by_magic_amount.emplace(amount, name);
      if (!inserted && it->second != name)
        return {nullptr, scenario->origin + ": field 'magic.amounts': amount " + amount + " is already the magic amount of '" +
                             it->second + "'"};
    }
  }
  return {std::move(next), ""};
}

}  // namespace antom::scenarios
