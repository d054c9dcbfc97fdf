//! A hash table for the taggers' and the clusterer's word lookups: open addressing with
//! linear probing, at most half full, whose slot for a key can be asked for ahead of the
//! lookup ([`KeyTable::prefetch`]). A table of tens of thousands of words is larger than a
//! core's cache, and a lookup that waits on memory is much of what reading a token costs; a
//! general map gives no way to fetch a key's slot before it is needed.

/// A key of a [`KeyTable`]: an integer that already carries the word it stands for (its hash,
/// or its bytes packed), with 0 marking an empty slot.
pub trait TableKey: Copy + Eq + Default {
    /// 64 bits spread from the key, which the table multiplies into a slot number.
    fn spread(self) -> u64;
}

impl TableKey for u64 {
    fn spread(self) -> u64 {
        self
    }
}

impl TableKey for u128 {
    fn spread(self) -> u64 {
        (self as u64) ^ ((self >> 64) as u64).rotate_left(29)
    }
}

/// An open-addressed table from integer keys to small values (see the module's comment). The
/// key 0 marks an empty slot, so its value is held apart.
#[derive(Debug, Clone, Default)]
pub struct KeyTable<K, V> {
    /// (key, value); a slot whose key is 0 is empty. A power of two long, or empty.
    slots: Vec<(K, V)>,
    /// The value of the key 0.
    zero: Option<V>,
    /// How many keys it holds (the key 0 included).
    len: usize,
}

impl<K: TableKey, V: Copy + Default> KeyTable<K, V> {
    /// An empty table with room for `keys` keys before it grows.
    pub fn with_capacity(keys: usize) -> Self {
        KeyTable {
            slots: vec![(K::default(), V::default()); (2 * keys).next_power_of_two().max(16)],
            zero: None,
            len: 0,
        }
    }

    /// How many keys it holds.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when it holds no key.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The number of slots (twice the keys at least).
    pub fn capacity(&self) -> usize {
        self.slots.len()
    }

    /// The first slot to probe for `key` (the table is not empty).
    fn home(&self, key: K) -> usize {
        let bits = self.slots.len().trailing_zeros();
        (key.spread().wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - bits)) as usize
    }

    /// Asks for the cache line of `key`'s slot, without waiting for it.
    pub fn prefetch(&self, key: K) {
        if !self.slots.is_empty() {
            prefetch_index::prefetch_index(&self.slots, self.home(key));
        }
    }

    /// The value of `key`.
    pub fn get(&self, key: K) -> Option<V> {
        if key == K::default() {
            return self.zero;
        }
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut at = self.home(key);
        // At most half full, so an empty slot ends every probe.
        loop {
            let (held, value) = self.slots[at];
            if held == key {
                return Some(value);
            }
            if held == K::default() {
                return None;
            }
            at = (at + 1) & mask;
        }
    }

    /// Sets the value of `key`, growing the table when it would be more than half full.
    pub fn insert(&mut self, key: K, value: V) {
        if key == K::default() {
            self.len += usize::from(self.zero.is_none());
            self.zero = Some(value);
            return;
        }
        if 2 * (self.len + 1) > self.slots.len() {
            let old = std::mem::take(&mut self.slots);
            self.slots = vec![(K::default(), V::default()); (2 * old.len()).max(1024)];
            self.len = usize::from(self.zero.is_some());
            for (held, value) in old {
                if held != K::default() {
                    self.insert(held, value);
                }
            }
        }
        let mask = self.slots.len() - 1;
        let mut at = self.home(key);
        loop {
            let held = self.slots[at].0;
            if held == key {
                self.slots[at].1 = value;
                return;
            }
            if held == K::default() {
                self.slots[at] = (key, value);
                self.len += 1;
                return;
            }
            at = (at + 1) & mask;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_finds_every_key_it_was_given_as_it_grows() {
        let mut table: KeyTable<u128, u32> = KeyTable::default();
        assert_eq!(table.get(12_345), None);
        table.prefetch(1);
        let keys: Vec<u128> = (1..5_000u128).map(|i| i * 0x1_0000_0001).collect();
        for (i, key) in keys.iter().enumerate() {
            assert_eq!(table.get(*key), None, "{key}");
            table.insert(*key, i as u32);
        }
        assert_eq!(table.len(), keys.len());
        assert!(table.capacity() >= 2 * keys.len());
        for (i, key) in keys.iter().enumerate() {
            assert_eq!(table.get(*key), Some(i as u32));
        }
        // A key given again takes its new value; the key 0 is held apart.
        table.insert(keys[7], 99);
        assert_eq!(table.get(keys[7]), Some(99));
        assert_eq!(table.get(0), None);
        table.insert(0, 7);
        assert_eq!(table.get(0), Some(7));
        assert_eq!(table.len(), keys.len() + 1);
    }

    #[test]
    fn keys_sharing_a_home_slot_are_all_found() {
        // Keys whose low 40 bits are 0 differ only in the bits a multiply moves up: many share
        // a home slot and probe past each other, across the end of the slots too.
        let keys: Vec<u64> = (1..200u64).map(|k| k << 40).chain([1, u64::MAX]).collect();
        let mut table: KeyTable<u64, u32> = KeyTable::with_capacity(keys.len());
        let capacity = table.capacity();
        for (i, key) in keys.iter().enumerate() {
            table.insert(*key, i as u32);
            table.prefetch(*key);
        }
        assert_eq!(table.capacity(), capacity, "room was made for them all");
        for (i, key) in keys.iter().enumerate() {
            assert_eq!(table.get(*key), Some(i as u32), "{key}");
        }
        for absent in [2u64, 3 << 40 | 1, u64::MAX - 1] {
            assert_eq!(table.get(absent), None, "{absent}");
        }
    }
}
