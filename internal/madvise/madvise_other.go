//go:build !linux

package madvise

import "errors"

func random([]byte) {}

// Advised reports errors.ErrUnsupported where Random gives no advice.
func Advised([]byte) (bool, error) { return false, errors.ErrUnsupported }
