// Package s3store is a storage.Store on Amazon S3 or an S3-compatible
// server. It is a package of its own so that only the Lambda function
// links the AWS SDK: the CLI, which stores in folders, does not pay for
// its packages' initialisation and pages at every start.
package s3store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/bookify/article2book/pkg/storage"
)

// Store is a storage.Store on Amazon S3 or an S3-compatible server.
type Store struct {
	Client  *s3.Client
	presign *s3.PresignClient
}

// New wraps a client. The client's options decide the endpoint and path
// style (AWS_ENDPOINT_URL_S3, UsePathStyle), so presigned URLs point where
// the client does.
func New(c *s3.Client) *Store {
	return &Store{Client: c, presign: s3.NewPresignClient(c)}
}

// Get implements storage.Store.
func (s *Store) Get(ctx context.Context, bucket, key string, max int64) (*storage.Object, error) {
	// With the checksum mode on, the SDK checks the body against the
	// checksum S3 stores (every object since 2025) whatever the client's
	// configuration says: a body cut or changed on the way fails the read.
	out, err := s.Client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key), ChecksumMode: types.ChecksumModeEnabled})
	if err != nil {
		return nil, s3Error("get", bucket, key, err)
	}
	defer out.Body.Close()
	info := s3Info(out.ContentLength, out.ETag, out.ContentType, out.ContentDisposition, out.Metadata)
	if max > 0 && info.Size > max {
		return nil, fmt.Errorf("get s3://%s/%s: %w: %d bytes, limit %d", bucket, key, storage.ErrTooLarge, info.Size, max)
	}
	r := io.Reader(out.Body)
	if max > 0 {
		r = io.LimitReader(out.Body, max+1)
	}
	body, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("get s3://%s/%s: read body: %w", bucket, key, err)
	}
	if max > 0 && int64(len(body)) > max {
		return nil, fmt.Errorf("get s3://%s/%s: %w: limit %d", bucket, key, storage.ErrTooLarge, max)
	}
	info.Size = int64(len(body))
	return &storage.Object{Info: info, Body: body}, nil
}

// Head implements storage.Store.
func (s *Store) Head(ctx context.Context, bucket, key string) (*storage.Info, error) {
	out, err := s.Client.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		return nil, s3Error("head", bucket, key, err)
	}
	info := s3Info(out.ContentLength, out.ETag, out.ContentType, out.ContentDisposition, out.Metadata)
	return &info, nil
}

// Put implements storage.Store.
func (s *Store) Put(ctx context.Context, bucket, key string, body []byte, opt storage.PutOptions) error {
	in := &s3.PutObjectInput{
		Bucket:        aws.String(bucket),
		Key:           aws.String(key),
		Body:          bytes.NewReader(body),
		ContentLength: aws.Int64(int64(len(body))),
		Metadata:      opt.Metadata,
	}
	if opt.ContentType != "" {
		in.ContentType = aws.String(opt.ContentType)
	}
	if opt.ContentDisposition != "" {
		in.ContentDisposition = aws.String(opt.ContentDisposition)
	}
	if _, err := s.Client.PutObject(ctx, in); err != nil {
		return s3Error("put", bucket, key, err)
	}
	return nil
}

// Delete implements storage.Store.
func (s *Store) Delete(ctx context.Context, bucket, key string) error {
	_, err := s.Client.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		err = s3Error("delete", bucket, key, err)
		if errors.Is(err, storage.ErrNotFound) {
			return nil
		}
		return err
	}
	return nil
}

// PresignGet returns a URL that downloads the object without credentials
// until ttl has passed.
func (s *Store) PresignGet(ctx context.Context, bucket, key string, ttl time.Duration) (string, error) {
	req, err := s.presign.PresignGetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)},
		s3.WithPresignExpires(ttl))
	if err != nil {
		return "", fmt.Errorf("presign s3://%s/%s: %w", bucket, key, err)
	}
	return req.URL, nil
}

func s3Info(size *int64, etag, ctype, disposition *string, meta map[string]string) storage.Info {
	info := storage.Info{Size: aws.ToInt64(size), ETag: storage.TrimETag(aws.ToString(etag)), ContentType: aws.ToString(ctype),
		ContentDisposition: aws.ToString(disposition), Metadata: map[string]string{}}
	for k, v := range meta {
		info.Metadata[strings.ToLower(k)] = v
	}
	return info
}

// s3Error maps a missing object to storage.ErrNotFound whatever the
// operation: GET answers NoSuchKey, HEAD only a bare 404.
func s3Error(op, bucket, key string, err error) error {
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		switch apiErr.ErrorCode() {
		case "NoSuchKey", "NotFound":
			return fmt.Errorf("%s s3://%s/%s: %w", op, bucket, key, storage.ErrNotFound)
		case "NoSuchBucket":
			return fmt.Errorf("%s s3://%s/%s: %w", op, bucket, key, err)
		}
	}
	var respErr *smithyhttp.ResponseError
	if errors.As(err, &respErr) && respErr.HTTPStatusCode() == http.StatusNotFound {
		return fmt.Errorf("%s s3://%s/%s: %w", op, bucket, key, storage.ErrNotFound)
	}
	return fmt.Errorf("%s s3://%s/%s: %w", op, bucket, key, err)
}
