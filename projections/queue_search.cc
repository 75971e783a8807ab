// QueueModel::search: the query plans described in queue_model.h.
#include <algorithm>

#include "projections/queue_model.h"
#include "projections/text_tokens.h"

namespace ticketd::projections {

// A compiled QueueQuery: pool ids instead of strings, plus the row test.
class QueueModel::Filter {
 public:
  bool impossible = false;  // names an unknown tenant, agent or tag
  std::optional<domain::Status> status;
  std::optional<domain::Priority> priority;
  std::optional<domain::Category> category;
  std::optional<std::uint32_t> tenant;
  std::optional<std::uint32_t> assignee;  // StringPool::kNone = unassigned
  std::optional<std::uint32_t> tag;
  std::optional<bool> escalated;
  std::optional<bool> breached;
  // A scope of several tenants (and no `tenant`): a slot must be in one of
  // these tenants' sets. Empty: no such condition.
  std::vector<const SlotSet*> any_tenant;
  std::vector<std::string> words;
  // The bitmaps of the conditions above that have one, smallest first: a
  // slot outside any of them cannot match, and testing a bit is far cheaper
  // than reading the slot's row.
  std::vector<const SlotSet*> sets;

  // Whether `slot` is in every set.
  bool in_sets(std::uint32_t slot) const {
    for (const SlotSet* s : sets) {
      if (!s->contains(slot)) return false;
    }
    return in_any_tenant(slot);
  }

  bool in_any_tenant(std::uint32_t slot) const {
    return any_tenant.empty() ||
           std::any_of(any_tenant.begin(), any_tenant.end(),
                       [slot](const SlotSet* s) { return s->contains(slot); });
  }

  bool matches(const TicketRow& row) const {
    const TicketCore& c = row.core;
    return (!status || c.status == *status) && (!priority || c.priority == *priority) &&
           (!category || c.category == *category) && (!tenant || c.tenant == *tenant) &&
           (!assignee || c.assignee == *assignee) &&
           (!tag || std::find(row.tags.begin(), row.tags.end(), *tag) != row.tags.end()) &&
           (!escalated || (c.escalation_level > 0) == *escalated) &&
           (!breached || c.breached() == *breached) &&
           (words.empty() || matches_words(row.subject, words));
  }
};

namespace {

std::string lowercase(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

}  // namespace

PageRows QueueModel::search(const QueueQuery& query, QueueSort sort,
                            const std::optional<PageCursor>& after, std::size_t limit) const {
  Filter f;
  auto lookup = [&f](const StringPool& pool, const std::optional<std::string>& s) {
    std::optional<std::uint32_t> id;
    if (s) {
      id = pool.find(*s);
      if (!id) f.impossible = true;
    }
    return id;
  };
  f.status = query.status;
  f.priority = query.priority;
  f.category = query.category;
  f.tenant = lookup(pools_.core.tenants, query.tenant);
  if (!query.scope.empty()) restrict_to_scope(query, f);
  f.assignee = lookup(pools_.core.agents, query.assignee);
  if (query.unassigned) {
    if (f.assignee) f.impossible = true;  // both an agent and "none"
    f.assignee = StringPool::kNone;
  }
  if (query.tag) f.tag = lookup(pools_.tags, lowercase(*query.tag));
  f.escalated = query.escalated;
  f.breached = query.breached;
  f.words = words_of(query.q);

  std::vector<std::uint32_t> slots;
  if (!f.impossible) {
    // The smallest filter set bounds the enumeration plan's cost.
    std::size_t smallest = all_.size();
    auto consider = [&](const SlotSet& s) {
      smallest = std::min(smallest, s.size());
      f.sets.push_back(&s);
    };
    static const SlotSet kEmpty;
    auto at = [&](const std::vector<SlotSet>& sets, std::uint32_t id) -> const SlotSet& {
      return id < sets.size() ? sets[id] : kEmpty;
    };
    if (f.status) consider(by_status_[static_cast<std::size_t>(*f.status)]);
    if (f.priority) consider(by_priority_[static_cast<std::size_t>(*f.priority)]);
    if (f.category) consider(by_category_[static_cast<std::size_t>(*f.category)]);
    if (f.tenant) consider(at(by_tenant_, *f.tenant));
    if (f.assignee) {
      consider(*f.assignee == StringPool::kNone ? unassigned_ : at(by_assignee_, *f.assignee));
    }
    if (f.tag) consider(at(by_tag_, *f.tag));
    if (f.escalated) consider(escalated_[*f.escalated ? 1 : 0]);
    if (f.breached) consider(breached_[*f.breached ? 1 : 0]);
    std::size_t scope_size = 0;
    for (const SlotSet* s : f.any_tenant) scope_size += s->size();
    if (!f.any_tenant.empty()) smallest = std::min(smallest, scope_size);
    for (const std::string& word : f.words) {
      std::size_t n = 0;
      for (auto it = words_.lower_bound(word); it != words_.end() && it->first.starts_with(word);
           ++it) {
        n += it->second.size();
        if (n >= smallest) break;
      }
      smallest = std::min(smallest, n);
    }
    std::sort(f.sets.begin(), f.sets.end(),
              [](const SlotSet* a, const SlotSet* b) { return a->size() < b->size(); });
    const std::size_t want = limit + 1;  // one more tells whether a next page exists
    const std::size_t total = std::max<std::size_t>(all_.size(), 1);
    // Expected walk: want * total / smallest steps, each an ordered-index
    // step and bit tests; enumeration: at most `smallest` candidates, each
    // a bit step (the other sets intersected with it, by words where dense)
    // and a key read, a few times cheaper. Rows are not spread evenly
    // in time (an agent's tickets may all be old), so a walk that overruns
    // its share of the enumeration's cost hands over to it. Sorted by
    // creation while slots are in creation order, the enumeration visits
    // the smallest set in the walk's order and skips the blocks past the
    // page: never more steps than the walk.
    constexpr std::size_t kWalkStepCost = 4;
    const bool creation_order = sort.key == QueueSortKey::kCreated && created_inversions_ == 0;
    const bool walk_first = !creation_order && (smallest == all_.size() ||
                                                kWalkStepCost * want * total <=
                                                    smallest * std::max<std::size_t>(smallest, 1));
    if (!walk_first || !walk(f, sort, after, want, smallest / kWalkStepCost + 64, slots)) {
      slots.clear();
      enumerate(f, sort, after, want, slots);
    }
  }

  PageRows page;
  const bool more = slots.size() > limit;
  if (more) slots.resize(limit);
  if (more) {
    const TicketRow& last = rows_[slots.back()];
    page.next_cursor = encode_cursor(
        PageCursor{cursor_kind(sort), sort_key(last, sort.key), slots.back(), std::string()});
  }
  page.slots = std::move(slots);
  return page;
}

void QueueModel::restrict_to_scope(const QueueQuery& query, Filter& f) const {
  const std::vector<std::string>& scope = query.scope;
  if (query.tenant) {
    // A tenant outside the scope is as empty as an unknown one.
    if (!std::binary_search(scope.begin(), scope.end(), *query.tenant)) f.impossible = true;
    return;
  }
  std::optional<std::uint32_t> only;
  for (const std::string& slug : scope) {
    const std::optional<std::uint32_t> id = pools_.core.tenants.find(slug);
    if (!id || *id >= by_tenant_.size()) continue;  // no tickets yet
    only = *id;
    f.any_tenant.push_back(&by_tenant_[*id]);
  }
  if (f.any_tenant.empty()) {
    f.impossible = true;
  } else if (f.any_tenant.size() == 1) {  // one tenant: the ordinary tenant filter
    f.tenant = only;
    f.any_tenant.clear();
  }
}

bool QueueModel::walk(const Filter& f, QueueSort sort, const std::optional<PageCursor>& after,
                      std::size_t want, std::size_t budget, std::vector<std::uint32_t>& out) const {
  std::size_t steps = 0;
  bool finished = true;
  auto take = [&](std::uint32_t slot, bool match) {
    if (match) out.push_back(slot);
    if (out.size() >= want) return false;
    if (++steps > budget) {
      finished = false;
      return false;
    }
    return true;
  };
  auto visit = [&](std::uint32_t slot) {
    return take(slot, f.in_sets(slot) && (f.words.empty() || f.matches(rows_[slot])));
  };
  if (sort.key == QueueSortKey::kPriority) {
    // Each priority's set intersected with the filter's sets (a word at a
    // time where they are dense), so the walk meets matching slots only.
    auto visit_common = [&](std::uint32_t slot) {
      return take(slot, f.in_any_tenant(slot) && (f.words.empty() || f.matches(rows_[slot])));
    };
    auto up = [&](const SlotSet& set, std::uint32_t first) {
      set.for_each_common_from(first, f.sets, visit_common);
    };
    auto down = [&](const SlotSet& set, std::uint32_t last) {
      set.for_each_common_down_from(last, f.sets, visit_common);
    };
    // Urgent (3) first ascending; low (0) first descending, slots reversed.
    for (int i = 0; i < 4 && finished && out.size() < want; ++i) {
      const int p = sort.descending ? i : 3 - i;
      const std::int64_t key = -p;
      const SlotSet& set = by_priority_[static_cast<std::size_t>(p)];
      if (!after) {
        sort.descending ? down(set, UINT32_MAX) : up(set, 0);
      } else if (key == after->key) {
        if (sort.descending) {
          if (after->slot > 0) down(set, after->slot - 1);
        } else if (after->slot < UINT32_MAX) {
          up(set, after->slot + 1);
        }
      } else if (sort.descending ? key < after->key : key > after->key) {
        sort.descending ? down(set, UINT32_MAX) : up(set, 0);
      }
    }
    return finished;
  }
  const OrderedIndex& index = sort.key == QueueSortKey::kCreated   ? created_
                              : sort.key == QueueSortKey::kUpdated ? updated_
                                                                   : due_;
  std::optional<OrderedIndex::Entry> from;
  if (after) from = OrderedIndex::Entry{after->key, after->slot};
  auto entry_visit = [&](const OrderedIndex::Entry& e) { return visit(e.slot); };
  sort.descending ? index.scan_down(from, entry_visit) : index.scan_up(from, entry_visit);
  return finished;
}

struct QueueModel::Candidate {
  std::int64_t key;
  std::uint32_t slot;
};

void QueueModel::enumerate(const Filter& f, QueueSort sort, const std::optional<PageCursor>& after,
                           std::size_t want, std::vector<std::uint32_t>& out) const {
  // Pick the smallest source again, this time to iterate it.
  const SlotSet* source = &all_;
  std::vector<const SlotSet*> word_sources;
  auto consider = [&](const SlotSet* s) {
    if (s->size() < source->size()) source = s;
  };
  static const SlotSet kEmpty;
  auto at = [](const std::vector<SlotSet>& sets, std::uint32_t id) {
    return id < sets.size() ? &sets[id] : &kEmpty;
  };
  if (f.status) consider(&by_status_[static_cast<std::size_t>(*f.status)]);
  if (f.priority) consider(&by_priority_[static_cast<std::size_t>(*f.priority)]);
  if (f.category) consider(&by_category_[static_cast<std::size_t>(*f.category)]);
  if (f.tenant) consider(at(by_tenant_, *f.tenant));
  if (f.assignee)
    consider(*f.assignee == StringPool::kNone ? &unassigned_ : at(by_assignee_, *f.assignee));
  if (f.tag) consider(at(by_tag_, *f.tag));
  if (f.escalated) consider(&escalated_[*f.escalated ? 1 : 0]);
  if (f.breached) consider(&breached_[*f.breached ? 1 : 0]);
  std::size_t words_size = SIZE_MAX;
  for (const std::string& word : f.words) {
    std::vector<const SlotSet*> sets;
    std::size_t n = 0;
    for (auto it = words_.lower_bound(word); it != words_.end() && it->first.starts_with(word);
         ++it) {
      sets.push_back(&it->second);
      n += it->second.size();
    }
    if (n < words_size) {
      words_size = n;
      word_sources = std::move(sets);
    }
  }
  std::vector<const SlotSet*> sources{source};
  if (words_size < source->size()) sources = word_sources;
  // A scope of several tenants: their sets (disjoint) are the source when
  // together they are the smallest.
  std::size_t scope_size = 0;
  for (const SlotSet* s : f.any_tenant) scope_size += s->size();
  if (!f.any_tenant.empty() && scope_size < std::min(source->size(), words_size)) {
    sources = f.any_tenant;
  }

  // Whether a comes before b in page order.
  auto before = [&](const Candidate& a, const Candidate& b) {
    const bool less = a.key != b.key ? a.key < b.key : a.slot < b.slot;
    const bool equal = a.key == b.key && a.slot == b.slot;
    return sort.descending ? (!less && !equal) : less;
  };
  // Candidates must come after the cursor's position, when there is one.
  const bool from_cursor = after.has_value();
  const Candidate start = from_cursor ? Candidate{after->key, after->slot} : Candidate{0, 0};
  // Every condition but the subject words has a bitmap: without words the
  // rows are read only for the page's items.
  const bool read_rows = !f.words.empty();
  const auto key_index = static_cast<std::size_t>(sort.key);
  // The first `want` candidates in page order, as a heap whose front is the
  // last of them.
  std::vector<Candidate> best;
  best.reserve(want);
  auto offer = [&](const Candidate& c) {
    if (best.size() < want) {
      best.push_back(c);
      std::push_heap(best.begin(), best.end(), before);
    } else if (want > 0 && before(c, best.front())) {
      std::pop_heap(best.begin(), best.end(), before);
      best.back() = c;
      std::push_heap(best.begin(), best.end(), before);
    }
  };
  // Whether no row of `block` can be offered: all its keys fall before the
  // cursor, or (with the heap full) after the heap's last candidate.
  auto skippable = [&](std::uint32_t block) {
    const KeyBounds& b = block_bounds_[block][key_index];
    const bool full = want > 0 && best.size() == want;
    if (sort.descending) {
      return (from_cursor && b.min > start.key) || (full && b.max < best.front().key);
    }
    return (from_cursor && b.max < start.key) || (full && b.min > best.front().key);
  };
  for (std::size_t i = 0; i < sources.size(); ++i) {
    const SlotSet* s = sources[i];
    // The other conditions' sets, intersected with `s` as it is iterated.
    std::vector<const SlotSet*> others;
    for (const SlotSet* set : f.sets) {
      if (set != s) others.push_back(set);
    }
    auto visit = [&](std::uint32_t slot) {
      // A subject word may match two prefixes' sets: offer a slot once.
      for (std::size_t j = 0; j < i; ++j) {
        if (sources[j]->contains(slot)) return true;
      }
      if (!f.in_any_tenant(slot)) return true;
      if (read_rows && !f.matches(rows_[slot])) return true;
      const Candidate c{sort_keys_[slot][key_index], slot};
      if (!from_cursor || before(start, c)) offer(c);
      return true;
    };
    // Slots are allocated as tickets open, so slot order tends to follow
    // creation (and so the other times): visiting in the page's direction
    // fills the heap with good candidates early, and then whole blocks are
    // skipped (or rejected with one comparison per row). Only a matter of
    // speed: any order is right.
    std::uint32_t block = UINT32_MAX;  // of the slot visited last
    std::optional<std::uint32_t> resume = sort.descending ? UINT32_MAX : 0;
    while (resume) {
      const std::uint32_t from = *resume;
      resume.reset();
      auto step = [&](std::uint32_t slot) {
        std::uint32_t b = slot >> kBlockBits;
        if (b != block) {
          block = b;
          if (skippable(b)) {
            // Go on past it and the skippable blocks beyond, if any are left.
            const auto blocks = static_cast<std::uint32_t>(block_bounds_.size());
            if (sort.descending) {
              while (b > 0 && skippable(b - 1)) --b;
              if (b > 0) resume = (b << kBlockBits) - 1;
            } else {
              while (b + 1 < blocks && skippable(b + 1)) ++b;
              if (b + 1 < blocks) resume = (b + 1) << kBlockBits;
            }
            return false;
          }
        }
        return visit(slot);
      };
      sort.descending ? s->for_each_common_down_from(from, others, step)
                      : s->for_each_common_from(from, others, step);
    }
  }
  std::sort_heap(best.begin(), best.end(), before);
  for (const Candidate& c : best) out.push_back(c.slot);
}

}  // namespace ticketd::projections
