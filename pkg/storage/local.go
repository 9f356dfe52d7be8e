package storage

import (
	"context"
	"crypto/md5"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// Dir is a Store in a local folder: bucket and key name a file under Root,
// and each object's headers are kept beside it in "<file>.meta.json", so
// the CLI and tests can use the same code as the Lambda without a server.
type Dir struct {
	Root string
	// Private keeps objects to their owner: files 0600 and folders 0700,
	// for books made from what a user sent (-serve). Otherwise 0644 and
	// 0755, through the umask.
	Private bool
}

// perms are the modes of d's files and folders.
func (d *Dir) perms() (file, dir fs.FileMode) {
	if d.Private {
		return 0o600, 0o700
	}
	return 0o644, 0o755
}

type dirMeta struct {
	ContentType        string            `json:"content_type,omitempty"`
	ContentDisposition string            `json:"content_disposition,omitempty"`
	Metadata           map[string]string `json:"metadata,omitempty"`
}

const metaSuffix = ".meta.json"

// file maps bucket and key to a path under Root, refusing keys that would
// climb out of it.
func (d *Dir) file(bucket, key string) (string, error) {
	clean := path.Clean("/" + bucket + "/" + key)
	if bucket == "" || strings.Contains(bucket, "/") || key == "" || strings.HasSuffix(key, "/") ||
		!strings.HasPrefix(clean, "/"+bucket+"/") || strings.HasSuffix(key, metaSuffix) {
		return "", fmt.Errorf("storage: invalid bucket %q or key %q", bucket, key)
	}
	return filepath.Join(d.Root, filepath.FromSlash(clean)), nil
}

// Get implements Store.
func (d *Dir) Get(ctx context.Context, bucket, key string, max int64) (*Object, error) {
	info, err := d.Head(ctx, bucket, key)
	if err != nil {
		return nil, err
	}
	if max > 0 && info.Size > max {
		return nil, fmt.Errorf("get %s/%s: %w: %d bytes, limit %d", bucket, key, ErrTooLarge, info.Size, max)
	}
	p, _ := d.file(bucket, key)
	body, err := os.ReadFile(p)
	if err != nil {
		return nil, fmt.Errorf("get %s/%s: %w", bucket, key, err)
	}
	return &Object{Info: *info, Body: body}, nil
}

// Head implements Store. The ETag is the MD5 of the content, as S3 gives
// for single-part uploads.
func (d *Dir) Head(ctx context.Context, bucket, key string) (*Info, error) {
	p, err := d.file(bucket, key)
	if err != nil {
		return nil, err
	}
	body, err := os.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("head %s/%s: %w", bucket, key, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("head %s/%s: %w", bucket, key, err)
	}
	sum := md5.Sum(body)
	info := &Info{Size: int64(len(body)), ETag: hex.EncodeToString(sum[:]), Metadata: map[string]string{}}
	if m, err := os.ReadFile(p + metaSuffix); err == nil {
		var dm dirMeta
		if err := json.Unmarshal(m, &dm); err != nil {
			return nil, fmt.Errorf("head %s/%s: metadata: %w", bucket, key, err)
		}
		info.ContentType = dm.ContentType
		info.ContentDisposition = dm.ContentDisposition
		for k, v := range dm.Metadata {
			info.Metadata[strings.ToLower(k)] = v
		}
	}
	return info, nil
}

// Put implements Store. The object is written to a temporary file and
// renamed, so a reader never sees half of it.
func (d *Dir) Put(ctx context.Context, bucket, key string, body []byte, opt PutOptions) error {
	p, err := d.file(bucket, key)
	if err != nil {
		return err
	}
	filePerm, dirPerm := d.perms()
	if err := os.MkdirAll(filepath.Dir(p), dirPerm); err != nil {
		return fmt.Errorf("put %s/%s: %w", bucket, key, err)
	}
	meta, err := json.Marshal(dirMeta{ContentType: opt.ContentType, ContentDisposition: opt.ContentDisposition, Metadata: opt.Metadata})
	if err != nil {
		return fmt.Errorf("put %s/%s: metadata: %w", bucket, key, err)
	}
	if err := WriteFile(p+metaSuffix, meta, filePerm); err != nil {
		return fmt.Errorf("put %s/%s: %w", bucket, key, err)
	}
	if err := WriteFile(p, body, filePerm); err != nil {
		return fmt.Errorf("put %s/%s: %w", bucket, key, err)
	}
	return nil
}

// Delete implements Store.
func (d *Dir) Delete(ctx context.Context, bucket, key string) error {
	p, err := d.file(bucket, key)
	if err != nil {
		return err
	}
	for _, f := range []string{p, p + metaSuffix} {
		if err := os.Remove(f); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("delete %s/%s: %w", bucket, key, err)
		}
	}
	return nil
}

// WriteFile writes data to a temporary file in name's folder and renames it
// to name, so that name holds either its old content or all of data, never
// a part: an interrupted run cannot leave a truncated document under its
// final name. The temporary file is removed on any error. perm is applied
// through the umask, as by os.WriteFile.
func WriteFile(name string, data []byte, perm fs.FileMode) error {
	f, err := createTemp(name, perm)
	if err != nil {
		return err
	}
	tmp := f.Name()
	if _, err = f.Write(data); err == nil {
		// Synced before the rename, or a crash could leave the new name
		// pointing at a file whose blocks never reached the disk.
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, name)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}

// createTemp creates a new hidden file beside name. os.CreateTemp would
// give mode 0600 whatever perm and the umask say.
func createTemp(name string, perm fs.FileMode) (*os.File, error) {
	dir, base := filepath.Split(name)
	for range 100 {
		var b [6]byte
		rand.Read(b[:])
		p := filepath.Join(dir, "."+base+".tmp-"+hex.EncodeToString(b[:]))
		f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
		if !errors.Is(err, fs.ErrExist) {
			return f, err
		}
	}
	return nil, fmt.Errorf("write %s: no free temporary name", name)
}
