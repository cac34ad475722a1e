package sse

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// Every exported name of package sse (functions, types, methods, constants,
// variables, struct fields) has a doc comment, so that `go doc` documents the
// whole API. A line comment after a field, constant or variable counts, as go doc
// shows it; so does the doc comment of a const or var group.
func TestExportedNamesHaveDocComments(t *testing.T) {
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var missing []string
	files := 0
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		files++
		missing = append(missing, undocumented(fset, f)...)
	}
	if files == 0 {
		t.Fatal("no Go files found: run from the package directory")
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("no doc comment: %s", m)
	}
}

// undocumented lists the exported names of f without a doc comment, as
// "file:line Name".
func undocumented(fset *token.FileSet, f *ast.File) []string {
	var missing []string
	report := func(pos token.Pos, name string) {
		p := fset.Position(pos)
		missing = append(missing, p.Filename+":"+strconv.Itoa(p.Line)+" "+name)
	}
	for _, decl := range f.Decls {
		switch d := decl.(type) {
		case *ast.FuncDecl:
			recv, exported := receiverName(d)
			if !d.Name.IsExported() || !exported {
				continue
			}
			if d.Doc == nil {
				report(d.Pos(), recv+d.Name.Name)
			}
		case *ast.GenDecl:
			grouped := d.Lparen.IsValid()
			for _, spec := range d.Specs {
				switch s := spec.(type) {
				case *ast.TypeSpec:
					if !s.Name.IsExported() {
						continue
					}
					if s.Doc == nil && (grouped || d.Doc == nil) {
						report(s.Pos(), s.Name.Name)
					}
					missing = append(missing, undocumentedMembers(fset, s)...)
				case *ast.ValueSpec:
					for _, n := range s.Names {
						if n.IsExported() && s.Doc == nil && s.Comment == nil && d.Doc == nil {
							report(n.Pos(), n.Name)
						}
					}
				}
			}
		}
	}
	return missing
}

// undocumentedMembers lists the exported fields of a struct type, or methods of
// an interface type, that have neither a doc nor a line comment.
func undocumentedMembers(fset *token.FileSet, s *ast.TypeSpec) []string {
	var fields *ast.FieldList
	switch t := s.Type.(type) {
	case *ast.StructType:
		fields = t.Fields
	case *ast.InterfaceType:
		fields = t.Methods
	default:
		return nil
	}
	var missing []string
	for _, field := range fields.List {
		for _, n := range field.Names {
			if n.IsExported() && field.Doc == nil && field.Comment == nil {
				p := fset.Position(n.Pos())
				missing = append(missing, p.Filename+":"+strconv.Itoa(p.Line)+" "+s.Name.Name+"."+n.Name)
			}
		}
	}
	return missing
}

// receiverName returns "Type." for a method (or "" for a function) and whether
// the receiver type is exported (always true for a function).
func receiverName(d *ast.FuncDecl) (string, bool) {
	if d.Recv == nil || len(d.Recv.List) == 0 {
		return "", true
	}
	t := d.Recv.List[0].Type
	if star, ok := t.(*ast.StarExpr); ok {
		t = star.X
	}
	if g, ok := t.(*ast.IndexExpr); ok { // a generic receiver, T[P]
		t = g.X
	}
	id, ok := t.(*ast.Ident)
	if !ok {
		return "?.", true
	}
	return id.Name + ".", id.IsExported()
}
