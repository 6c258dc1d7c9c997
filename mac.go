package zoomsig

import (
	"crypto/sha256"
	"encoding"
	"hash"
)

// The signers' HMAC-SHA256 (RFC 2104), with its key schedule computed once
// per Signer: the SHA-256 states after the ipad and the opad blocks, as
// crypto/hmac keeps them too. Keeping them as states also lets a Signer
// absorb the constant start of its Meeting SDK tokens (header and key
// claims, more than one 64-byte block) once, and resume from there on
// every token. Verifying uses crypto/hmac; a test holds the two equal.

// keySchedule is HMAC-SHA256's key turned into hash states.
type keySchedule struct {
	inner, outer []byte // marshaled SHA-256 states after ipad^K and opad^K
}

func newKeySchedule(key []byte) keySchedule {
	if len(key) > sha256.BlockSize {
		sum := sha256.Sum256(key)
		key = sum[:]
	}
	var ipad, opad [sha256.BlockSize]byte
	copy(ipad[:], key)
	copy(opad[:], key)
	for i := range ipad {
		ipad[i] ^= 0x36
		opad[i] ^= 0x5c
	}
	return keySchedule{inner: stateAfter(nil, ipad[:]), outer: stateAfter(nil, opad[:])}
}

// stateAfter returns the marshaled SHA-256 state after writing parts, in
// order, to the state from (nil: a new hash).
func stateAfter(from []byte, parts ...[]byte) []byte {
	h := sha256.New()
	if from != nil {
		mustUnmarshal(h, from)
	}
	for _, p := range parts {
		h.Write(p)
	}
	state, err := h.(encoding.BinaryMarshaler).MarshalBinary()
	if err != nil {
		panic("zoomsig: sha256 cannot marshal its state: " + err.Error()) // never: the standard library's digest can
	}
	return state
}

func mustUnmarshal(h hash.Hash, state []byte) {
	if err := h.(encoding.BinaryUnmarshaler).UnmarshalBinary(state); err != nil {
		panic("zoomsig: sha256 refused its own state: " + err.Error()) // never: the state came from MarshalBinary
	}
}

// midstate is the inner hash state after a constant start of the message,
// a whole number of blocks of it.
type midstate struct {
	state []byte
	n     int // bytes of the message it covers
}

// newMidstate absorbs the whole blocks of prefix into the inner state.
func (k keySchedule) newMidstate(prefix string) midstate {
	n := len(prefix) / sha256.BlockSize * sha256.BlockSize
	return midstate{state: stateAfter(k.inner, []byte(prefix[:n])), n: n}
}

// sum appends HMAC-SHA256(key, msg) to dst, using h as scratch; mid, when
// its n is not zero, stands for msg's first mid.n bytes.
func (k keySchedule) sum(h hash.Hash, dst, msg []byte, mid midstate) []byte {
	if mid.n > 0 {
		mustUnmarshal(h, mid.state)
		msg = msg[mid.n:]
	} else {
		mustUnmarshal(h, k.inner)
	}
	h.Write(msg)
	inner := h.Sum(dst)
	mustUnmarshal(h, k.outer)
	h.Write(inner[len(dst):])
	return h.Sum(dst)
}
