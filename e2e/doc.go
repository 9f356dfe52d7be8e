// Package e2e runs the real Lambda bootstrap under the AWS Lambda Runtime
// Interface Emulator against an S3 protocol server on loopback, sending the
// sample events in events/. It has no code outside its tests.
package e2e
