module github.com/articlekit/article

go 1.24
