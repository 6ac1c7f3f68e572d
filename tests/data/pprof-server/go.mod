module pprofserver

go 1.26
